import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { FilesModule } from '../files/files.module.js';
import { MembersModule } from '../members/members.module.js';
import { ContactRequestEntity, ContactRequestRecipientEntity } from './collaboration/contact-request.entity.js';
import { WatchlistEntryEntity } from './collaboration/watchlist-entry.entity.js';
import { CollaborationResolver, IndicatorCollaborationResolver, ReportBlindMatchResolver, SightingResolver } from './collaboration/collaboration.resolver.js';
import { CollaborationService } from './collaboration/collaboration.service.js';
import { CorrelationKeyRepository } from './correlation/correlation-key.repository.js';
import { CorrelationRepository } from './correlation/correlation.repository.js';
import { DerivedKeyRepository } from './correlation/derived-key.repository.js';
import { NetworkRepository } from './correlation/network.repository.js';
import { IntelSearchRepository } from './search/intel-search.repository.js';
import { ExportableReportRepository } from './reports/exportable-report.repository.js';
import { ContactRequestRepository } from './collaboration/contact-request.repository.js';
import { SightingRepository } from './collaboration/sighting.repository.js';
import { WatchlistRepository } from './collaboration/watchlist.repository.js';
import { CorrelationAdminService } from './correlation/correlation-admin.service.js';
import { CorrelationResolver, DerivedKeyLinkStatusResolver, IndicatorLinkStatusResolver } from './correlation/correlation.resolver.js';
import { CorrelationService } from './correlation/correlation.service.js';
import { IntelAccess } from './intel-access.js';
import { IntelSettings } from './intel-settings.js';
import { CorrelationKeyEntity } from './correlation/correlation-key.entity.js';
import { CounterfeiterNetworkEntity, NetworkEventEntity } from './correlation/counterfeiter-network.entity.js';
import { IndicatorEntity } from './reports/indicator.entity.js';
import { IntelReportBrandEntity, IntelReportCategoryEntity, IntelReportEntity, IntelReportEvidenceEntity, IntelReportVersionEntity } from './reports/intel-report.entity.js';
import { SightingEntity } from './collaboration/sighting.entity.js';
import { IntelReportRepository } from './reports/intel-report.repository.js';
import { IntelReportService } from './reports/intel-report.service.js';
import { ReportIntake } from './reports/report-intake.service.js';
import { IntelSearchService } from './search/intel-search.service.js';
import { SearchStatistics } from './search/search-statistics.js';
import { IndicatorResolver, IntelReportResolver } from './reports/intel-report.resolver.js';
import { IntelSearchResolver } from './search/intel-search.resolver.js';
import { NetworkResolver } from './correlation/network.resolver.js';
import { NetworkService } from './correlation/network.service.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      IntelReportEntity, IntelReportVersionEntity, IntelReportBrandEntity, IntelReportCategoryEntity, IntelReportEvidenceEntity,
      IndicatorEntity, CounterfeiterNetworkEntity, NetworkEventEntity, CorrelationKeyEntity, SightingEntity,
      ContactRequestEntity, ContactRequestRecipientEntity, WatchlistEntryEntity,
    ]),
    AlliancesModule, MembersModule, BrandsModule, CategoriesModule, FilesModule,
  ],
  providers: [IntelAccess, IntelSettings, CorrelationService, CorrelationRepository, CorrelationAdminService, CorrelationKeyRepository, DerivedKeyRepository, CorrelationResolver, IndicatorLinkStatusResolver, DerivedKeyLinkStatusResolver, CollaborationService, SightingRepository, ContactRequestRepository, WatchlistRepository, CollaborationResolver, IndicatorCollaborationResolver, SightingResolver, ReportBlindMatchResolver, IntelReportService, IntelReportRepository, ExportableReportRepository, ReportIntake, IntelSearchService, IntelSearchRepository, SearchStatistics, NetworkService, NetworkRepository, IntelReportResolver, IndicatorResolver, NetworkResolver, IntelSearchResolver],
  exports: [IntelAccess, IntelSettings, IntelReportService, NetworkService, ExportableReportRepository, ReportIntake, IntelSearchService, CollaborationService],
})
export class IntelModule {}
