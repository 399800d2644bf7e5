import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { PartnersModule } from '../partners/partners.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [AlliancesModule, PartnersModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
