import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AlliancesModule } from '../alliances/alliances.module.js';
import { BrandsModule } from '../brands/brands.module.js';
import { CategoriesModule } from '../categories/categories.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MembersModule } from '../members/members.module.js';
import { InvitationEntity } from './invitation.entity.js';
import { InvitationRepository } from './invitation.repository.js';
import { MembershipInvitationsResolver, OnboardingResolver } from './onboarding.resolver.js';
import { OnboardingService } from './onboarding.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([InvitationEntity]), MembersModule, CategoriesModule, IdentityModule, AlliancesModule, BrandsModule],
  providers: [OnboardingService, InvitationRepository, OnboardingResolver, MembershipInvitationsResolver],
})
export class OnboardingModule {}
