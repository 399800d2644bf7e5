import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoriesModule } from '../categories/categories.module.js';
import { IdentityModule } from '../identity/identity.module.js';
import { MembersModule } from '../members/members.module.js';
import { InvitationEntity } from './invitation.entity.js';
import { MembershipInvitationsResolver, OnboardingResolver } from './onboarding.resolver.js';
import { OnboardingService } from './onboarding.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([InvitationEntity]), MembersModule, CategoriesModule, IdentityModule],
  providers: [OnboardingService, OnboardingResolver, MembershipInvitationsResolver],
})
export class OnboardingModule {}
