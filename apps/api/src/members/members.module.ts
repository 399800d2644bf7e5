import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { MemberAccess } from './member-access.js';
import { MemberService } from './member.service.js';
import { AllianceFiguresResolver, MembershipResolver, OrganisationResolver } from './members.resolver.js';
import { MembershipCategoryEntity, MembershipEntity, MembershipTransitionEntity } from './membership.entity.js';
import { MembershipRepository } from './membership.repository.js';
import { MembershipService } from './membership.service.js';
import { OrganisationEntity } from './organisation.entity.js';
import { OrganisationRepository } from './organisation.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([OrganisationEntity, MembershipEntity, MembershipTransitionEntity, MembershipCategoryEntity]), CategoriesModule, AlliancesModule],
  providers: [MemberAccess, MemberService, MembershipService, MembershipRepository, OrganisationRepository, MembershipResolver, OrganisationResolver, AllianceFiguresResolver],
  exports: [MemberAccess, MemberService, MembershipService, MembershipRepository, OrganisationRepository],
})
export class MembersModule {}
