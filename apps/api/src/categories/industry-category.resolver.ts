import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { CreateCategoryInput, MergeCategoriesInput, RenameCategoryInput } from './dto/category.input.js';
import { IndustryCategory } from './industry-category.model.js';
import { IndustryCategoryService } from './industry-category.service.js';

const T = IndustryCategory.typename;

@Resolver(() => IndustryCategory)
export class IndustryCategoryResolver {
  constructor(private readonly categoryService: IndustryCategoryService) {}

  @Query(() => [IndustryCategory], { description: 'The alliance’s industry categories; retired ones on request' })
  async categories(@Ctx() ctx: RequestContext, @Args('includeRetired', { defaultValue: false }) includeRetired: boolean): Promise<IndustryCategory[]> {
    return (await this.categoryService.list(ctx, includeRetired)).map(IndustryCategory.from);
  }

  @ResolveField(() => IndustryCategory, { nullable: true, description: 'Where a merged category went' })
  async mergedInto(@Parent() c: IndustryCategory, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<IndustryCategory | null> {
    if (!c.mergedIntoUuid) return null;
    const e = await loaders.get('categoryById', (ids: readonly string[]) => this.categoryService.byIds(ctx, ids), null).load(c.mergedIntoUuid);
    return e ? IndustryCategory.from(e) : null;
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IndustryCategory)
  async createCategory(@Ctx() ctx: RequestContext, @Args('input') input: CreateCategoryInput): Promise<IndustryCategory> {
    return IndustryCategory.from(await this.categoryService.create(ctx, input.name.trim()));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IndustryCategory)
  async renameCategory(@Ctx() ctx: RequestContext, @Args('input') input: RenameCategoryInput): Promise<IndustryCategory> {
    return IndustryCategory.from(await this.categoryService.rename(ctx, uuidOf(input.id, T), input.name.trim()));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IndustryCategory, { description: 'Moves the source’s members to the target and retires the source; answers the target' })
  async mergeCategories(@Ctx() ctx: RequestContext, @Args('input') input: MergeCategoriesInput): Promise<IndustryCategory> {
    return IndustryCategory.from(await this.categoryService.merge(ctx, uuidOf(input.sourceId, T, 'sourceId'), uuidOf(input.targetId, T, 'targetId')));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => IndustryCategory)
  async retireCategory(@Ctx() ctx: RequestContext, @Args('id', { type: () => ID }) id: string): Promise<IndustryCategory> {
    return IndustryCategory.from(await this.categoryService.retire(ctx, uuidOf(id, T)));
  }
}
