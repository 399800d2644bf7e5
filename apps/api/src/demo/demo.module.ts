import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { IntelExchangeModule } from '../intel-exchange/intel-exchange.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { MembersModule } from '../members/members.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { TakedownModule } from '../takedown/takedown.module.js';
import { MonitoringModule } from '../monitoring/monitoring.module.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { FilesModule } from '../files/files.module.js';
import { DemoEnforcementService } from './demo-enforcement.service.js';
import { DemoMonitoringService } from './demo-monitoring.service.js';
import { DemoTakedownService } from './demo-takedown.service.js';
import { DemoIntelService } from './demo-intel.service.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [AlliancesModule, PartnersModule, IntelModule, IntelExchangeModule, IdentityModule, BrandsModule, TakedownModule, CategoriesModule, MembersModule, MonitoringModule, EnforcementModule, FilesModule], providers: [DemoService, DemoIntelService, DemoTakedownService, DemoMonitoringService, DemoEnforcementService], exports: [DemoService] })
export class DemoModule {}
