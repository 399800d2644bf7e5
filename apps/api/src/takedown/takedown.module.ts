import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { MembersModule } from '../members/members.module.js';
import { MarketplaceRepository } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { MarketplaceResolver, TakedownResolver } from './takedown.resolver.js';
import { TakedownRepository } from './takedown.repository.js';
import { TakedownService } from './takedown.service.js';

/** Notice and takedown (issue 16): marketplaces, requests, the reviewers' queue and its SLA. */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, MembersModule],
  providers: [MarketplaceRepository, MarketplaceService, TakedownRepository, TakedownService, MarketplaceResolver, TakedownResolver],
  exports: [MarketplaceService, TakedownService],
})
export class TakedownModule {}
