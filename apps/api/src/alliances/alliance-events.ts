import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { RequestContext } from '../common/request-context.js';
import type { AllianceEntity } from './alliance.entity.js';

/** Runs inside the transaction that creates the alliance: a failing handler rolls the alliance back. */
export type AllianceCreatedHandler = (em: EntityManager, alliance: AllianceEntity) => Promise<void>;

/** Runs inside the transaction that changes the settings, after the row is written: a failing handler rolls the change back. */
export type AllianceSettingsHandler = (em: EntityManager, ctx: RequestContext, before: AllianceEntity, after: AllianceEntity) => Promise<void>;

/** Runs first in that transaction, before the alliance row is locked: where a context takes its own locks, in the order its other work takes them. */
export type AllianceSettingsChangingHandler = (em: EntityManager, ctx: RequestContext, given: Partial<AllianceEntity>) => Promise<void>;

/**
 * What happens to an alliance, for the contexts above this one: they subscribe here instead of
 * alliances calling them (intelligence seeds its correlation exclusions on `created`).
 */
@Injectable()
export class AllianceEvents {
  private readonly createdHandlers: AllianceCreatedHandler[] = [];
  private readonly settingsHandlers: AllianceSettingsHandler[] = [];
  private readonly changingHandlers: AllianceSettingsChangingHandler[] = [];

  onCreated(handler: AllianceCreatedHandler): void {
    this.createdHandlers.push(handler);
  }

  async created(em: EntityManager, alliance: AllianceEntity): Promise<void> {
    for (const handler of this.createdHandlers) await handler(em, alliance);
  }

  /** Intelligence relinks its networks when the derived-keys switch changes. */
  onSettingsChanged(handler: AllianceSettingsHandler): void {
    this.settingsHandlers.push(handler);
  }

  async settingsChanged(em: EntityManager, ctx: RequestContext, before: AllianceEntity, after: AllianceEntity): Promise<void> {
    for (const handler of this.settingsHandlers) await handler(em, ctx, before, after);
  }

  /** Intelligence takes its correlation lock before the alliance row's, as its limit change does. */
  onSettingsChanging(handler: AllianceSettingsChangingHandler): void {
    this.changingHandlers.push(handler);
  }

  async settingsChanging(em: EntityManager, ctx: RequestContext, given: Partial<AllianceEntity>): Promise<void> {
    for (const handler of this.changingHandlers) await handler(em, ctx, given);
  }
}
