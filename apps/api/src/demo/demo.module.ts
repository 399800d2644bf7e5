import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { IntelExchangeModule } from '../intel-exchange/intel-exchange.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { DemoIntelService } from './demo-intel.service.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [AlliancesModule, PartnersModule, IntelModule, IntelExchangeModule, IdentityModule], providers: [DemoService, DemoIntelService], exports: [DemoService] })
export class DemoModule {}
