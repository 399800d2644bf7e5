import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailService } from '../../apps/api/src/mail/mail.service.js';
import { Role } from '../../libs/domain/src/index.js';
import { allianceWithCoordinator, userFor } from '../factories/alliance.factory.js';
import { INVITE } from '../factories/member.factory.js';
import { errorOf, TestApp } from '../support/test-app.js';

const JOBS = `query($state: JobState, $queue: String) { jobs(state: $state, queue: $queue, first: 10) { totalCount edges { node { id queue state subject attempts maxAttempts lastError } } } }`;
const RETRY = `mutation($id: ID!) { retryJob(id: $id) { id state attempts maxAttempts } }`;

describe('jobs: e-mail on pg-boss, retried with backoff, then dead and visible to coordinators, who retry it', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  let refuse = true;
  const received: string[] = [];

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (refuse) return callback(new Error('451 mailbox busy'));
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await TestApp.start({ SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MAIL_RETRY_DELAY_SECONDS: 3600 });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('fails five times, then the message is FAILED and its job DEAD; a coordinator sees why and retries it; other alliances and members see nothing', async () => {
    const { token } = await allianceWithCoordinator(t, 'jobs');
    const other = await allianceWithCoordinator(t, 'jobs-other');
    await t.ok(INVITE, { i: { email: 'dead@letter.test', organisationName: 'Dead Letter Co' } }, token);
    // each dispatch is one attempt: a retry waits an hour here, and dispatch takes waiting retries once
    for (let attempt = 1; attempt <= 5; attempt++) {
      await t.get(MailService).dispatch();
      const [row] = await t.sql(`SELECT status, attempts FROM outbox_message WHERE to_address = 'dead@letter.test'`);
      expect(row).toEqual({ status: attempt < 5 ? 'PENDING' : 'FAILED', attempts: attempt });
    }
    await t.get(MailService).dispatch(); // a dead job is not run again
    expect((await t.sql(`SELECT attempts FROM outbox_message WHERE to_address = 'dead@letter.test'`))[0].attempts).toBe(5);

    const dead = (await t.ok(JOBS, { state: 'DEAD' }, token)).jobs;
    expect(dead.totalCount).toBe(1);
    expect(dead.edges[0].node).toMatchObject({ queue: 'mail.deliver', state: 'DEAD', attempts: 5, maxAttempts: 5, subject: 'invitation to dead@letter.test' });
    expect(dead.edges[0].node.lastError).toContain('451');
    expect((await t.ok(JOBS, { state: 'DEAD' }, other.token)).jobs.totalCount).toBe(0);
    const { id } = dead.edges[0].node;
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on Job { state } } }`, { id }, token)).node).toEqual({ state: 'DEAD' });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, other.token)).node).toBeNull();
    expect(errorOf(await t.gql(RETRY, { id }, other.token)).code).toBe('NOT_FOUND');

    refuse = false;
    expect((await t.ok(RETRY, { id }, token)).retryJob).toMatchObject({ state: 'RETRY_WAITING', maxAttempts: 6 });
    expect((await t.sql(`SELECT status FROM outbox_message WHERE to_address = 'dead@letter.test'`))[0].status).toBe('PENDING');
    expect(await t.get(MailService).dispatch()).toBe(1);
    expect(received).toEqual(['dead@letter.test']);
    expect((await t.sql(`SELECT status, attempts FROM outbox_message WHERE to_address = 'dead@letter.test'`))[0]).toEqual({ status: 'SENT', attempts: 6 });
    expect((await t.ok(`query($id: ID!) { node(id: $id) { ... on Job { state attempts } } }`, { id }, token)).node).toEqual({ state: 'COMPLETED', attempts: 6 });
    expect(errorOf(await t.gql(RETRY, { id }, token))).toMatchObject({ code: 'CONFLICT', currentState: 'COMPLETED' });
  });

  it('refuses the jobs view to everyone but coordinators', async () => {
    const { token, alliance } = await allianceWithCoordinator(t, 'jobs-members');
    const analyst = await userFor(t, alliance.id, null, Role.MEMBER_ANALYST, 'analyst@jobs-members.test');
    expect(errorOf(await t.gql(JOBS, {}, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(RETRY, { id: 'Sm9iOjAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMA' }, analyst)).code).toBe('FORBIDDEN');
    expect(errorOf(await t.gql(JOBS, {})).code).toBe('UNAUTHENTICATED');
    expect((await t.ok(JOBS, { queue: 'intel.import' }, token)).jobs.totalCount).toBe(0);
    expect(errorOf(await t.gql(JOBS, { state: 'SOMETHING' }, token)).code).toBe('BAD_USER_INPUT');
  });
});
