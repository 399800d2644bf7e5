import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AllianceEntity } from './alliance.entity.js';

/** Runs inside the transaction that creates the alliance: a failing handler rolls the alliance back. */
export type AllianceCreatedHandler = (em: EntityManager, alliance: AllianceEntity) => Promise<void>;

/**
 * What happens to an alliance, for the contexts above this one: they subscribe here instead of
 * alliances calling them (intelligence seeds its correlation exclusions on `created`).
 */
@Injectable()
export class AllianceEvents {
  private readonly createdHandlers: AllianceCreatedHandler[] = [];

  onCreated(handler: AllianceCreatedHandler): void {
    this.createdHandlers.push(handler);
  }

  async created(em: EntityManager, alliance: AllianceEntity): Promise<void> {
    for (const handler of this.createdHandlers) await handler(em, alliance);
  }
}
