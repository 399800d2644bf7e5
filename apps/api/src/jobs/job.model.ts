import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '../common/pagination.js';
import { Node, toGlobalId } from '../common/node.js';
import type { JobRow } from './jobs.repository.js';

/** pg-boss's job states, named for a coordinator. */
export enum JobState {
  QUEUED = 'QUEUED',
  RETRY_WAITING = 'RETRY_WAITING',
  RUNNING = 'RUNNING',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  DEAD = 'DEAD',
}
registerEnumType(JobState, { name: 'JobState', description: 'DEAD: every attempt failed; a coordinator may retry it' });

export const JOB_STATE_OF: Record<JobRow['state'], JobState> = {
  created: JobState.QUEUED,
  retry: JobState.RETRY_WAITING,
  active: JobState.RUNNING,
  completed: JobState.COMPLETED,
  cancelled: JobState.CANCELLED,
  failed: JobState.DEAD,
};

export const BOSS_STATE_OF = Object.fromEntries(Object.entries(JOB_STATE_OF).map(([k, v]) => [v, k])) as Record<JobState, JobRow['state']>;

@ObjectType({ implements: () => [Node], description: 'A piece of background work of the alliance (an import, an e-mail, …)' })
export class Job implements Node {
  static readonly typename = 'Job';
  @Field(() => ID) id: string;
  @Field({ description: 'The queue, e.g. intel.import or mail.deliver' }) queue: string;
  @Field(() => JobState) state: JobState;
  @Field(() => String, { nullable: true, description: 'What the job is for' }) subject: string | null;
  @Field(() => Int, { description: 'Runs started so far' }) attempts: number;
  @Field(() => Int) maxAttempts: number;
  @Field(() => String, { nullable: true, description: 'Why the last run failed (RETRY_WAITING and DEAD)' }) lastError: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'When the next attempt may start (RETRY_WAITING)' }) nextAttemptAt: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt: Date | null;

  static from(row: JobRow, subject: string | null): Job {
    const job = new Job();
    job.id = toGlobalId(Job.typename, row.id);
    job.queue = row.name;
    job.state = JOB_STATE_OF[row.state];
    job.subject = subject;
    job.attempts = row.state === 'created' ? 0 : row.retry_count + 1;
    job.maxAttempts = row.retry_limit + 1;
    job.lastError = row.state === 'retry' || row.state === 'failed' ? (row.output?.message ?? null) : null;
    job.createdAt = row.created_on;
    job.startedAt = row.started_on;
    job.nextAttemptAt = row.state === 'retry' ? row.start_after : null;
    job.finishedAt = row.completed_on;
    return job;
  }
}

@ObjectType()
export class JobConnection extends ConnectionType(Job, 'Job') {}
