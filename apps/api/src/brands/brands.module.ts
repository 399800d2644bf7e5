import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FilesModule } from '../files/files.module.js';
import { MembersModule } from '../members/members.module.js';
import { BrandEntity, TrademarkEntity, TrademarkEvidenceEntity } from './brand.entity.js';
import { BrandRepository } from './brand.repository.js';
import { BrandService } from './brand.service.js';
import { BrandResolver, OrganisationBrandsResolver, TrademarkResolver } from './brands.resolver.js';
import { IpRightRepository } from './ip-right.repository.js';
import { IpRightService } from './ip-right.service.js';
import { AgentAuthorisationResolver, BrandIpRightsResolver, IpRightResolver } from './ip-rights.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([BrandEntity, TrademarkEntity, TrademarkEvidenceEntity]), MembersModule, FilesModule],
  providers: [BrandService, BrandRepository, BrandResolver, TrademarkResolver, OrganisationBrandsResolver, IpRightRepository, IpRightService, IpRightResolver, BrandIpRightsResolver, AgentAuthorisationResolver],
  exports: [BrandService, BrandRepository, IpRightService],
})
export class BrandsModule {}
