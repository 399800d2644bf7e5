import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { AuditModule } from '../audit/audit.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { MembersModule } from '../members/members.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { ImpactReportController } from './impact-report.controller.js';
import { ImpactRepository } from './impact.repository.js';
import { ImpactResolver } from './impact.resolver.js';
import { ImpactService } from './impact.service.js';

/** The alliance's impact report (issue 17, outcome 6): figures per year, quarter and month, members by category, country and region, the reporting currency and dated exchange rates, the CSV and the PDF (outcome 7's dashboard reads the same). */
@Module({
  imports: [AlliancesModule, AuditModule, BrandsModule, EnforcementModule, MembersModule, MonitoringModule, TakedownModule],
  controllers: [ImpactReportController],
  providers: [ImpactRepository, ImpactService, ImpactResolver],
})
export class ImpactModule {}
