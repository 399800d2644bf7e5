import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { IntelModule } from '../intel/intel.module.js';
import { MembersModule } from '../members/members.module.js';
import { IntelExchangeResolver } from './intel-exchange.resolver.js';
import { ExportService } from './export.service.js';
import { ImportJobEntity } from './import-job.entity.js';
import { ImportJobRepository } from './import-job.repository.js';
import { ImportService } from './import.service.js';
import { ExportsController } from './exports.controller.js';
import { ImportsController } from './imports.controller.js';

@Module({
  imports: [TypeOrmModule.forFeature([ImportJobEntity]), IntelModule, MembersModule, IdentityModule, AlliancesModule],
  controllers: [ImportsController, ExportsController],
  providers: [ImportService, ImportJobRepository, ExportService, IntelExchangeResolver],
  exports: [ImportService],
})
export class IntelExchangeModule {}
