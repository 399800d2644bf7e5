import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { FeedKeyResolver } from './feed-key.resolver.js';
import { FeedKeyService } from './feed-key.service.js';
import { ListingFeedController } from './listing-feed.controller.js';
import { ListingFeedResolver } from './listing-feed.resolver.js';
import { ListingFeedService } from './listing-feed.service.js';
import { ListingMatchRepository } from './listing-match.repository.js';
import { ListingMatcher } from './listing-matcher.service.js';
import { ListingRepository } from './listing.repository.js';
import { MonitoringAlertRepository } from './monitoring-alert.repository.js';
import { MonitoringAlertResolver } from './monitoring-alert.resolver.js';
import { MonitoringAlertService } from './monitoring-alert.service.js';
import { MonitoringRuleRepository } from './monitoring-rule.repository.js';
import { MonitoringRuleResolver } from './monitoring-rule.resolver.js';
import { MonitoringRuleService } from './monitoring-rule.service.js';

/** Proactive monitoring (issue 17): the listing feed and members' feed keys; brands' monitoring rules, matching (a job per written chunk) and alerts. */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, IdentityModule, IntelModule, TakedownModule],
  controllers: [ListingFeedController],
  providers: [
    ListingRepository, ListingFeedService, ListingFeedResolver, FeedKeyService, FeedKeyResolver,
    ListingMatchRepository, ListingMatcher, MonitoringRuleRepository, MonitoringRuleService, MonitoringRuleResolver,
    MonitoringAlertRepository, MonitoringAlertService, MonitoringAlertResolver,
  ],
  exports: [ListingFeedService, MonitoringRuleService, MonitoringAlertService],
})
export class MonitoringModule {}
