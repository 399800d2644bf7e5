import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { FilesModule } from '../files/files.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { MembersModule } from '../members/members.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { EnforcementCaseRepository } from './enforcement-case.repository.js';
import { EnforcementCaseResolver, EnforcementReferralResolver, ReferralCandidateResolver } from './enforcement-case.resolver.js';
import { EnforcementCaseService } from './enforcement-case.service.js';
import { CustodyEventResolver, EvidencePackResolver } from './evidence-pack.resolver.js';
import { EvidencePackService } from './evidence-pack.service.js';
import { EvidencePacksController } from './evidence-packs.controller.js';

/** Enforcement cases (issue 17, outcomes 4 and 5): offline investigations, referrals to law enforcement, outcomes, evidence packs. */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, FilesModule, IntelModule, MembersModule, MonitoringModule, PartnersModule, TakedownModule],
  controllers: [EvidencePacksController],
  providers: [EnforcementCaseRepository, EnforcementCaseService, EnforcementCaseResolver, EnforcementReferralResolver, ReferralCandidateResolver, EvidencePackService, EvidencePackResolver, CustodyEventResolver],
  exports: [EnforcementCaseService],
})
export class EnforcementModule {}
