import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { FilesModule } from '../files/files.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { MembersModule } from '../members/members.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { EnforcementCaseRepository } from './enforcement-case.repository.js';
import { EnforcementCaseResolver, EnforcementReferralResolver, ReferralCandidateResolver } from './enforcement-case.resolver.js';
import { EnforcementCaseService } from './enforcement-case.service.js';

/** Enforcement cases (issue 17, outcome 4): offline investigations, referrals to law enforcement, outcomes. */
@Module({
  imports: [AuditModule, BrandsModule, FilesModule, IntelModule, MembersModule, PartnersModule, TakedownModule],
  providers: [EnforcementCaseRepository, EnforcementCaseService, EnforcementCaseResolver, EnforcementReferralResolver, ReferralCandidateResolver],
  exports: [EnforcementCaseService],
})
export class EnforcementModule {}
