import { Injectable, type OnApplicationBootstrap, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { WARNING_HOURS } from '../../../../libs/takedown/src/index.js';
import { JobsService } from '../jobs/jobs.service.js';
import { NotificationService } from '../notifications/notification.service.js';
import type { NotificationEntity } from '../notifications/notification.entity.js';
import { TakedownRepository } from './takedown.repository.js';
import { TakedownService } from './takedown.service.js';

const SLA_QUEUE = 'takedown.sla';

/**
 * The SLA clock's job (issue 16, outcome 4): once a minute, on one replica, it warns the deciding
 * reviewers of every undecided request due within WARNING_HOURS and marks every request past its
 * due time as breached, telling the reviewers and the coordinators. Each request is warned and
 * marked once, whatever runs the job: the marks are conditional updates in the transaction that
 * writes the notifications.
 */
@Injectable()
export class TakedownSlaService implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: TakedownRepository,
    private readonly jobs: JobsService,
    private readonly notifications: NotificationService,
    private readonly takedowns: TakedownService,
  ) {}

  onModuleInit() {
    this.jobs.register({ name: SLA_QUEUE, retryLimit: 0, retryDelaySeconds: 60, policy: 'short', cron: '* * * * *', handle: () => this.sweep(), describe: () => 'Takedown SLA check' });
  }

  async onApplicationBootstrap() {
    await this.jobs.send(SLA_QUEUE, {}, { singletonKey: 'sla' });
  }

  /** Warns and marks what is due and closes lapsed counter-notice windows; answers how many of each (abusive complainants: ComplainantService's hourly job). */
  async sweep(): Promise<{ warned: number; breached: number; lapsed: number }> {
    const sent: NotificationEntity[] = [];
    const counts = await this.dataSource.transaction(async (em) => {
      const warned = await this.repository.markSla(em, 'warned', WARNING_HOURS);
      for (const r of warned) {
        sent.push(...(await this.tellDeciders(em, r, {
          kind: 'takedown.due_soon', title: `A takedown request on ${r.marketplace} is due ${r.dueAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        })));
      }
      const breached = await this.repository.markSla(em, 'breached', WARNING_HOURS);
      for (const r of breached) {
        const draft = { kind: 'takedown.breached', title: `A takedown request on ${r.marketplace} is past its due time` };
        sent.push(...(await this.tellDeciders(em, r, draft)));
        if (r.reviewerOrganisationId) sent.push(...(await this.notifications.notifyCoordinators(em, r.allianceId, { ...draft, targetType: 'TakedownRequest', targetId: r.id })));
      }
      return { warned: warned.length, breached: breached.length };
    });
    await this.notifications.deliver(sent);
    return { ...counts, lapsed: await this.takedowns.lapseWindows() };
  }

  /** The marketplace's reviewers, or the coordinators where it has none in Countermark. */
  private tellDeciders(em: EntityManager, r: { allianceId: string; id: string; reviewerOrganisationId: string | null }, draft: { kind: string; title: string }) {
    const full = { ...draft, targetType: 'TakedownRequest', targetId: r.id };
    return r.reviewerOrganisationId
      ? this.notifications.notifyReviewers(em, r.allianceId, [r.reviewerOrganisationId], full)
      : this.notifications.notifyCoordinators(em, r.allianceId, full);
  }
}
