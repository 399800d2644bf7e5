import { Args, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context.js';
import { RemoveExchangeRateInput, SetExchangeRateInput, SetReportingCurrencyInput } from './dto/impact.inputs.js';
import { ExchangeRate, ExchangeRates, ImpactReport } from './impact.models.js';
import { ImpactService } from './impact.service.js';

@Resolver()
export class ImpactResolver {
  constructor(private readonly impact: ImpactService) {}

  @Query(() => ImpactReport, { description: 'The alliance’s impact report for a year, per quarter and in total (coordinators and active members; aggregates only), per month for takedowns and monitoring, with the members by category, country and region. CSV: GET /impact-report.csv?year=, PDF with charts: GET /impact-report.pdf?year=' })
  impactReport(@Ctx() ctx: RequestContext, @Args('year', { type: () => Int }) year: number): Promise<ImpactReport> {
    return this.impact.report(ctx, year);
  }

  @Query(() => ExchangeRates, { description: 'The reporting currency and the dated exchange rates the coordinators keep (coordinators and active members)' })
  exchangeRates(@Ctx() ctx: RequestContext): Promise<ExchangeRates> {
    return this.impact.exchangeRates(ctx);
  }

  @Mutation(() => ExchangeRates, { description: 'Sets the currency the impact report converts seized values to (coordinators; audited)' })
  async setReportingCurrency(@Ctx() ctx: RequestContext, @Args('input') input: SetReportingCurrencyInput): Promise<ExchangeRates> {
    await this.impact.setReportingCurrency(ctx, input.currency);
    return this.impact.exchangeRates(ctx);
  }

  @Mutation(() => ExchangeRate, { description: 'Adds or replaces the rate of a currency from a day (coordinators; audited)' })
  setExchangeRate(@Ctx() ctx: RequestContext, @Args('input') input: SetExchangeRateInput): Promise<ExchangeRate> {
    return this.impact.setRate(ctx, input);
  }

  @Mutation(() => Boolean, { description: 'Removes the rate of a currency from a day (coordinators; audited)' })
  removeExchangeRate(@Ctx() ctx: RequestContext, @Args('input') input: RemoveExchangeRateInput): Promise<boolean> {
    return this.impact.removeRate(ctx, input);
  }
}
