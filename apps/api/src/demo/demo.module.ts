import { Module } from '@nestjs/common';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { DemoService } from './demo.service.js';

@Module({ imports: [AlliancesModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
