import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { uuidOf } from '../common/node.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { AlertFiguresArgs, AlertsArgs, FileTakedownFromAlertInput, TriageAlertInput } from './dto/alerts.args.js';
import { Alert, AlertConnection, AlertFigures } from './monitoring-alert.models.js';
import { MonitoringAlertService } from './monitoring-alert.service.js';

@Resolver(() => Alert)
export class MonitoringAlertResolver {
  constructor(private readonly service: MonitoringAlertService) {}

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Query(() => AlertConnection, { description: 'Your brands’ alerts from listing monitoring, highest score first' })
  alerts(@Ctx() ctx: RequestContext, @Args() { first, after, brandId, status, minScore }: AlertsArgs) {
    return this.service.list(ctx, { brandId: brandId ? uuidOf(brandId, 'Brand', 'brandId') : undefined, status, minScore }, first, after);
  }

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST, Role.COORDINATOR)
  @Query(() => AlertFigures, { description: 'Monitoring’s figures: a member’s for its brands; the coordinators’ counts for every brand' })
  async alertFigures(@Ctx() ctx: RequestContext, @Args() { from, to }: AlertFiguresArgs): Promise<AlertFigures> {
    return AlertFigures.from(await this.service.figures(ctx, from ?? null, to ?? null));
  }

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Mutation(() => Alert, { description: 'DISMISS with a reason (the seller stops alerting the brand for these reasons) or WATCH (alerts again when the listing changes)' })
  triageAlert(@Ctx() ctx: RequestContext, @Args('input') input: TriageAlertInput): Promise<Alert> {
    return this.service.triage(ctx, uuidOf(input.alertId, Alert.typename, 'alertId'), input.action, input.reason ?? null);
  }

  @Roles(Role.MEMBER_ADMIN, Role.MEMBER_ANALYST)
  @Mutation(() => Alert, { description: 'Files a takedown request from the alert in one step (API channel): the listing and the alert’s reasons pre-filled, citing the right given; the alert becomes FILED' })
  fileTakedownFromAlert(@Ctx() ctx: RequestContext, @Args('input') input: FileTakedownFromAlertInput): Promise<Alert> {
    const right = {
      trademarkId: input.trademarkId ? uuidOf(input.trademarkId, 'Trademark', 'trademarkId') : null,
      ipRightId: input.ipRightId ? uuidOf(input.ipRightId, 'IpRight', 'ipRightId') : null,
    };
    return this.service.fileTakedown(ctx, uuidOf(input.alertId, Alert.typename, 'alertId'), right, input.reason, input.statement ?? null);
  }
}
