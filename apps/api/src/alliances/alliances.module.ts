import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module.js';
import { AllianceEntity } from './alliance.entity.js';
import { AllianceEvents } from './alliance-events.js';
import { AllianceRepository } from './alliance.repository.js';
import { AllianceResolver } from './alliance.resolver.js';
import { AllianceService } from './alliance.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AllianceEntity]), CategoriesModule],
  providers: [AllianceService, AllianceRepository, AllianceEvents, AllianceResolver],
  exports: [AllianceService, AllianceRepository, AllianceEvents],
})
export class AlliancesModule {}
