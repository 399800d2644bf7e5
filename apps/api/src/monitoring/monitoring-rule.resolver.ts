import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { uuidOf } from '../common/node.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { CreateMonitoringRuleInput, UpdateMonitoringRuleInput } from './dto/monitoring-rule.input.js';
import { AlertListing, MonitoringRule, MonitoringRulePreview } from './monitoring-alert.models.js';
import { MonitoringRuleService } from './monitoring-rule.service.js';

@Resolver(() => MonitoringRule)
export class MonitoringRuleResolver {
  constructor(private readonly rules: MonitoringRuleService) {}

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Query(() => [MonitoringRule], { description: 'Your brand’s monitoring rules, oldest first' })
  async monitoringRules(@Ctx() ctx: RequestContext, @Args('brandId', { type: () => ID }) brandId: string): Promise<MonitoringRule[]> {
    return (await this.rules.list(ctx, uuidOf(brandId, 'Brand', 'brandId'))).map(MonitoringRule.from);
  }

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Query(() => MonitoringRulePreview, { description: 'What a rule (as given, not kept) would have matched among the listings seen in the last 30 days' })
  async monitoringRulePreview(@Ctx() ctx: RequestContext, @Args('input') input: CreateMonitoringRuleInput): Promise<MonitoringRulePreview> {
    const found = await this.rules.preview(ctx, uuidOf(input.brandId, 'Brand', 'brandId'), input);
    return Object.assign(new MonitoringRulePreview(), { since: found.since, matched: found.matched, listings: found.listings.map(AlertListing.from) });
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => MonitoringRule, { description: 'A rule for your brand: listings are matched against it as they arrive' })
  async createMonitoringRule(@Ctx() ctx: RequestContext, @Args('input') input: CreateMonitoringRuleInput): Promise<MonitoringRule> {
    return MonitoringRule.from(await this.rules.create(ctx, uuidOf(input.brandId, 'Brand', 'brandId'), input));
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => MonitoringRule)
  async updateMonitoringRule(@Ctx() ctx: RequestContext, @Args('input') input: UpdateMonitoringRuleInput): Promise<MonitoringRule> {
    return MonitoringRule.from(await this.rules.update(ctx, uuidOf(input.ruleId, MonitoringRule.typename, 'ruleId'), input));
  }

  @Roles(Role.MEMBER_ADMIN)
  @Mutation(() => MonitoringRule, { description: 'Removes the rule (its alerts stay)' })
  async removeMonitoringRule(@Ctx() ctx: RequestContext, @Args('ruleId', { type: () => ID }) ruleId: string): Promise<MonitoringRule> {
    return MonitoringRule.from(await this.rules.remove(ctx, uuidOf(ruleId, MonitoringRule.typename, 'ruleId')));
  }
}
