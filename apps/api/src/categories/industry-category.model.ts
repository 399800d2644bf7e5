import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CategoryStatus } from '../../../../libs/domain/src/index.js';
import { Node, toGlobalId } from '../common/node.js';
import type { IndustryCategoryEntity } from './industry-category.entity.js';

registerEnumType(CategoryStatus, { name: 'CategoryStatus' });

@ObjectType('IndustryCategory', { implements: () => [Node] })
export class IndustryCategory implements Node {
  static readonly typename = 'IndustryCategory';
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => CategoryStatus) status: CategoryStatus;
  @Field(() => GraphQLISODateTime, { nullable: true }) retiredAt: Date | null;
  uuid: string;
  mergedIntoUuid: string | null;

  static from(e: IndustryCategoryEntity): IndustryCategory {
    return Object.assign(new IndustryCategory(), {
      id: toGlobalId(IndustryCategory.typename, e.id),
      uuid: e.id,
      name: e.name,
      status: e.status,
      retiredAt: e.retiredAt,
      mergedIntoUuid: e.mergedIntoId,
    });
  }
}
