import type { EntityManager } from 'typeorm';

/**
 * Who is notified: the people (app_user) are identity's, a context above notifications, so
 * identity provides this (UserRepository) and notifications asks it, in the caller's transaction.
 */
export abstract class NotificationRecipients {
  /** Active platform reviewers of these organisations. */
  abstract reviewerIds(em: EntityManager, allianceId: string, organisationIds: string[]): Promise<string[]>;
  /** Active member people (admins and analysts who have set a password) of these organisations. */
  abstract memberPeople(em: EntityManager, allianceId: string, organisationIds: string[]): Promise<{ id: string; organisationId: string }[]>;
  /** The alliance's active coordinators. */
  abstract coordinatorIds(em: EntityManager, allianceId: string): Promise<string[]>;
}
