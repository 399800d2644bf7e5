import { Global, Module } from '@nestjs/common';
import { NotificationRecipients } from '../notifications/notification-recipients.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { RevokedSessionRepository } from './revoked-session.repository.js';
import { UserRepository } from './user.repository.js';

/**
 * Global: the repositories of identity's tables, which AuthService and the contexts above read
 * and write through (onboarding's invitees, partners' API keys, the demo's people, a contact
 * answer's e-mail), and the recipients notifications asks for (NotificationRecipients), people
 * being identity's.
 */
@Global()
@Module({
  providers: [UserRepository, ApiKeyRepository, RevokedSessionRepository, { provide: NotificationRecipients, useExisting: UserRepository }],
  exports: [UserRepository, ApiKeyRepository, RevokedSessionRepository, NotificationRecipients],
})
export class IdentityRepositoriesModule {}
