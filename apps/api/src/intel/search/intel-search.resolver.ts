import { Args, Query, Resolver } from '@nestjs/graphql';
import { Brand } from '../../brands/brand.models.js';
import { IndustryCategory } from '../../categories/industry-category.model.js';
import { Scopes } from '../../common/auth.decorators.js';
import { uuidOf } from '../../common/node.js';
import { Ctx, RequestContext } from '../../common/request-context.js';
import { IntelSearchArgs } from './dto/intel-search.args.js';
import { IntelSearchConnection } from './intel-search.models.js';
import { IntelSearchService } from './intel-search.service.js';

@Resolver()
export class IntelSearchResolver {
  constructor(private readonly search: IntelSearchService) {}

  @Scopes('intel:read')
  @Query(() => IntelSearchConnection, { description: 'Fuzzy search over indicator values and report titles, within what the caller may see' })
  async searchIntel(@Ctx() ctx: RequestContext, @Args() { query, filter, first, after }: IntelSearchArgs) {
    return this.search.search(
      ctx,
      query,
      {
        ...filter,
        brandUuid: filter?.brandId ? uuidOf(filter.brandId, Brand.typename, 'filter.brandId') : undefined,
        categoryUuid: filter?.categoryId ? uuidOf(filter.categoryId, IndustryCategory.typename, 'filter.categoryId') : undefined,
      },
      first,
      after,
    );
  }
}
