import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { GraphQLJSON } from 'graphql-scalars';
import { ConnectionArgs, ConnectionType } from '../common/pagination.js';
import type { AuditEventEntity } from './audit-event.entity.js';

@ObjectType('AuditEvent', { description: 'One change, append-only: who, what, when, before and after' })
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field({ description: 'e.g. membership.active, trademark.verified' }) action: string;
  @Field() targetType: string;
  @Field(() => String, { nullable: true, description: 'Internal id of the changed row' }) targetId: string | null;
  @Field(() => String, { nullable: true, description: 'Internal id of the acting user or API key' }) actorId: string | null;
  @Field() actorKind: string;
  @Field(() => GraphQLJSON, { nullable: true }) before: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after: unknown;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(e: AuditEventEntity): AuditEvent {
    return Object.assign(new AuditEvent(), {
      id: e.id,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      actorId: e.actorId,
      actorKind: e.actorKind,
      before: e.before,
      after: e.after,
      createdAt: e.createdAt,
    });
  }
}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEvent, 'AuditEvent') {}

@InputType()
export class AuditFilterInput {
  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100)
  action?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100)
  targetType?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100)
  targetId?: string;

  @Field({ nullable: true }) @IsOptional() @IsString() @MaxLength(100)
  actorId?: string;

  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate()
  since?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true }) @IsOptional() @Type(() => Date) @IsDate()
  until?: Date;
}

@ArgsType()
export class AuditEventsArgs extends ConnectionArgs {
  @Field(() => AuditFilterInput, { nullable: true }) @IsOptional() @ValidateNested() @Type(() => AuditFilterInput)
  filter?: AuditFilterInput;
}
