import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MembersModule } from '../members/members.module.js';
import { ApiKeyEntity } from './api-key.entity.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { IdentityResolver } from './identity.resolver.js';
import { LoginThrottle } from './login-throttle.js';
import { UserEntity } from './user.entity.js';
import { ViewerOrganisationResolver } from './viewer-organisation.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiKeyEntity]), MembersModule],
  providers: [AuthService, LoginThrottle, IdentityResolver, ViewerOrganisationResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService, LoginThrottle],
})
export class IdentityModule {}
