import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { MembersModule } from '../members/members.module.js';
import { PartnerService } from './partner.service.js';
import { PartnershipResolver } from './partners.resolver.js';
import { PartnershipEntity } from './partnership.entity.js';
import { PartnershipRepository } from './partnership.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([PartnershipEntity]), MembersModule, IdentityModule],
  providers: [PartnerService, PartnershipRepository, PartnershipResolver],
  exports: [PartnerService],
})
export class PartnersModule {}
