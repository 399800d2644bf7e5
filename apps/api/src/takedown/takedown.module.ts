import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { MembersModule } from '../members/members.module.js';
import { MailModule } from '../mail/mail.module.js';
import { FilesModule } from '../files/files.module.js';
import { TakedownEmailListener } from './takedown-email.listener.js';
import { TakedownEmailRepository } from './takedown-email.repository.js';
import { TakedownEmailResolver } from './takedown-email.resolver.js';
import { TakedownEmailService } from './takedown-email.service.js';
import { ComplainantRepository } from './complainant.repository.js';
import { TakedownArchiveController } from './takedown-archive.controller.js';
import { TakedownBulkController } from './takedown-bulk.controller.js';
import { TakedownFormController } from './takedown-form.controller.js';
import { TakedownFormService } from './takedown-form.service.js';
import { TakedownBulkRepository } from './takedown-bulk.repository.js';
import { TakedownBulkService } from './takedown-bulk.service.js';
import { TakedownArchiveService } from './takedown-archive.service.js';
import { IdentityModule } from '../identity/identity.module.js';
import { ComplainantService } from './complainant.service.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { TakedownDeliveryRepository } from './takedown-delivery.repository.js';
import { TakedownDeliveryService } from './takedown-delivery.service.js';
import { TakedownNoticeService } from './takedown-notice.service.js';
import { MarketplaceRepository } from './marketplace.repository.js';
import { MarketplaceService } from './marketplace.service.js';
import { ComplainantResolver, CounterNoticeResolver, TakedownBulkResolver, MarketplaceResolver, TakedownDeliveryResolver, TakedownListingResolver, TakedownResolver } from './takedown.resolver.js';
import { TakedownRepository } from './takedown.repository.js';
import { TakedownSlaService } from './takedown-sla.service.js';
import { TakedownService } from './takedown.service.js';
import { RepeatInfringerRepository } from './repeat-infringer.repository.js';
import { RepeatInfringerService } from './repeat-infringer.service.js';

/** Notice and takedown (issue 16): marketplaces, requests, the reviewers' queue and its SLA. */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, MembersModule, NotificationsModule, MailModule, IdentityModule, FilesModule, IntelModule],
  controllers: [TakedownArchiveController, TakedownBulkController, TakedownFormController],
  providers: [TakedownArchiveService, ComplainantRepository, ComplainantService, TakedownDeliveryRepository, TakedownDeliveryService, TakedownNoticeService, MarketplaceRepository, MarketplaceService, TakedownRepository, TakedownService, TakedownSlaService, MarketplaceResolver, TakedownResolver, TakedownListingResolver, CounterNoticeResolver, TakedownDeliveryResolver, ComplainantResolver, TakedownBulkResolver, TakedownBulkRepository, TakedownBulkService, TakedownFormService,
    TakedownEmailRepository, TakedownEmailService, TakedownEmailListener, TakedownEmailResolver, RepeatInfringerRepository, RepeatInfringerService],
  exports: [MarketplaceService, TakedownService, TakedownSlaService, TakedownDeliveryService, TakedownNoticeService, TakedownBulkService, TakedownFormService, TakedownEmailService, RepeatInfringerService],
})
export class TakedownModule {}
