import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MailService } from '../../apps/api/src/mail/mail.service.js';
import { allianceWithCoordinator } from '../factories/alliance.factory.js';
import { INVITE } from '../factories/member.factory.js';
import { TestApp } from '../support/test-app.js';

describe('invitation e-mail over SMTP', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const received: { to: string[]; raw: string }[] = [];
  let failNext = false;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
        stream.on('end', () => {
          raw = raw.replace(/=\r?\n/g, ''); // undo quoted-printable soft line breaks
          if (failNext) {
            failNext = false;
            return callback(new Error('451 try again later'));
          }
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await TestApp.start({ SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true` });
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  it('sends the invitation through the SMTP server and marks it sent', async () => {
    const { token } = await allianceWithCoordinator(t, 'smtp');
    await t.ok(INVITE, { i: { email: 'invitee@mailed.test', organisationName: 'Mailed Co' } }, token);
    await t.get(MailService).dispatch();
    const mail = received.find((m) => m.to.includes('invitee@mailed.test'));
    expect(mail?.raw).toMatch(/Subject: Alliance smtp invites Mailed Co to join/);
    expect(mail?.raw).toMatch(/\/invitation\/[A-Za-z0-9_-]{20,}/);
    const [row] = await t.sql(`SELECT status, sent_at, attempts FROM outbox_message WHERE to_address = 'invitee@mailed.test'`);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
  });

  it('keeps a message pending when the server refuses it, and sends it on the next try', async () => {
    const { token } = await allianceWithCoordinator(t, 'smtp-retry');
    failNext = true;
    await t.ok(INVITE, { i: { email: 'retry@mailed.test', organisationName: 'Retry Co' } }, token);
    await t.get(MailService).dispatch();
    const [first] = await t.sql(`SELECT status, attempts, last_error FROM outbox_message WHERE to_address = 'retry@mailed.test'`);
    expect(first).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(first.last_error).toContain('451');
    await t.get(MailService).dispatch();
    const [second] = await t.sql(`SELECT status, attempts FROM outbox_message WHERE to_address = 'retry@mailed.test'`);
    expect(second).toMatchObject({ status: 'SENT', attempts: 2 });
    expect(received.filter((m) => m.to.includes('retry@mailed.test'))).toHaveLength(1);
  });
});
