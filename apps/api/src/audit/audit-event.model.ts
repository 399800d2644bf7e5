import { ArgsType, Field, GraphQLISODateTime, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { GraphQLJSON } from 'graphql-scalars';
import { toGlobalId } from '../common/node.js';
import { ConnectionArgs, ConnectionType } from '../common/pagination.js';
import type { AuditEventEntity } from './audit-event.entity.js';

@ObjectType('AuditEvent', { description: 'One change, append-only: who, what, when, before and after' })
export class AuditEvent {
  @Field(() => ID) id: string;
  @Field({ description: 'e.g. membership.active, trademark.verified' }) action: string;
  @Field() targetType: string;
  @Field(() => ID, { nullable: true, description: 'Global id of the changed object (fetch it with `node` while it exists)' }) targetId: string | null;
  @Field(() => ID, { nullable: true, description: 'Global id of the acting User or ApiKey; null when the log may not tell (a holder answering a contact request)' }) actorId: string | null;
  @Field() actorKind: string;
  @Field(() => GraphQLJSON, { nullable: true }) before: unknown;
  @Field(() => GraphQLJSON, { nullable: true }) after: unknown;
  @Field(() => GraphQLISODateTime) createdAt: Date;

  static from(e: AuditEventEntity): AuditEvent {
    return Object.assign(new AuditEvent(), {
      id: e.id,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId ? toGlobalId(e.targetType, e.targetId) : null,
      actorId: e.actorId && !e.actorSealed ? toGlobalId(e.actorKind === 'API_KEY' ? 'ApiKey' : 'User', e.actorId) : null,
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

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
  targetId?: string;

  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200)
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
