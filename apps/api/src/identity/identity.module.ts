import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyEntity } from './api-key.entity.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { IdentityResolver } from './identity.resolver.js';
import { LoginThrottle } from './login-throttle.js';
import { UserEntity } from './user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, ApiKeyEntity])],
  providers: [AuthService, LoginThrottle, IdentityResolver, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class IdentityModule {}
