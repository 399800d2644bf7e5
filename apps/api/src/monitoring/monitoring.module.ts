import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { FeedKeyResolver } from './feed-key.resolver.js';
import { FeedKeyService } from './feed-key.service.js';
import { ListingFeedController } from './listing-feed.controller.js';
import { ListingFeedResolver } from './listing-feed.resolver.js';
import { ListingFeedService } from './listing-feed.service.js';
import { ListingRepository } from './listing.repository.js';

/** Proactive monitoring (issue 17): the listing feed and members' feed keys; matching, alerts and scores build on its `listing` table. */
@Module({
  imports: [AuditModule, IdentityModule, TakedownModule],
  controllers: [ListingFeedController],
  providers: [ListingRepository, ListingFeedService, ListingFeedResolver, FeedKeyService, FeedKeyResolver],
  exports: [ListingFeedService],
})
export class MonitoringModule {}
