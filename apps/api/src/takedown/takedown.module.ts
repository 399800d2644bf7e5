import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { MembersModule } from '../members/members.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { MarketplaceRepository } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { CounterNoticeResolver, MarketplaceResolver, TakedownListingResolver, TakedownResolver } from './takedown.resolver.js';
import { TakedownRepository } from './takedown.repository.js';
import { TakedownSlaService } from './takedown-sla.service.js';
import { TakedownService } from './takedown.service.js';

/** Notice and takedown (issue 16): marketplaces, requests, the reviewers' queue and its SLA. */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, MembersModule, NotificationsModule],
  providers: [MarketplaceRepository, MarketplaceService, TakedownRepository, TakedownService, TakedownSlaService, MarketplaceResolver, TakedownResolver, TakedownListingResolver, CounterNoticeResolver],
  exports: [MarketplaceService, TakedownService, TakedownSlaService],
})
export class TakedownModule {}
