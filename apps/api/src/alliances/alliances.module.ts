import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module.js';
import { AllianceEntity } from './alliance.entity.js';
import { AllianceResolver } from './alliance.resolver.js';
import { AllianceService } from './alliance.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([AllianceEntity]), CategoriesModule],
  providers: [AllianceService, AllianceResolver],
  exports: [AllianceService],
})
export class AlliancesModule {}
