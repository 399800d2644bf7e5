import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import { AppConfig } from '../config/app-config.js';
import { SmtpRefusal, TakedownEmailService, type MailIntake } from './takedown-email.service.js';

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });

/**
 * The inbound SMTP listener of takedowns by e-mail (issue 16, EMAIL): plain SMTP without AUTH or
 * STARTTLS, meant to sit behind the organisation's MTA (which terminates TLS and applies SPF, DKIM
 * and DMARC) or to take the demo's mail on 127.0.0.1. Not started by the app itself: main.ts starts
 * it when TAKEDOWN_SMTP_PORT (or the demo) says so, tests on a port of their own. The rules are
 * TakedownEmailService's; this only speaks the protocol: RCPT TO is admitted or refused (550), DATA
 * is answered 250 once the message is stored, 552 when too large, 550 when refused, 451 when it
 * could not be stored (the sender's MTA tries again).
 */
@Injectable()
export class TakedownEmailListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger('TakedownEmail');
  private server: SMTPServer | null = null;

  constructor(
    private readonly email: TakedownEmailService,
    private readonly config: AppConfig,
  ) {}

  /** Listens on `port` (0: any free one) and answers the port. */
  async listen(port: number, host = this.config.TAKEDOWN_SMTP_HOST): Promise<number> {
    if (this.server) throw new Error('The takedown SMTP listener is listening already');
    // what RCPT TO settled, per transaction (a connection may send several messages)
    const intakes = new WeakMap<object, MailIntake>();
    const server = new SMTPServer({
      banner: 'Countermark takedowns',
      size: this.config.TAKEDOWN_SMTP_MAX_BYTES,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      maxClients: 100,
      socketTimeout: 60_000,
      closeTimeout: 10_000,
      onRcptTo: (address, session, callback) => {
        const sender = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        this.email.admit(sender, address.address).then(
          (intake) => {
            const earlier = intakes.get(session.envelope);
            if (earlier && earlier.allianceId !== intake.allianceId) return callback(smtpError(550, '5.5.3 One alliance per message: send it to the other alliance separately'));
            intakes.set(session.envelope, earlier ?? intake);
            callback();
          },
          (error: unknown) => callback(this.answer(error)),
        );
      },
      onData: (stream, session: SMTPServerSession, callback) => {
        const intake = intakes.get(session.envelope);
        if (!intake) {
          stream.resume();
          return stream.once('end', () => callback(smtpError(503, '5.5.1 No valid recipient')));
        }
        this.email.accept(intake, stream).then(
          (id) => callback(null, `2.0.0 Stored as ${id}; the answer comes by e-mail`),
          (error: unknown) => callback(this.answer(error)),
        );
      },
    });
    server.on('error', (error: Error) => this.logger.warn(`SMTP: ${error.message}`));
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    return (server.server.address() as AddressInfo).port;
  }

  private answer(error: unknown): Error {
    if (error instanceof SmtpRefusal) return smtpError(error.responseCode, error.message);
    this.logger.error(`SMTP: ${error instanceof Error ? error.stack : String(error)}`);
    return smtpError(451, '4.3.0 Try again later');
  }

  /** Stops taking mail before the jobs and the database stop; messages being received get their answer (or 421) first. */
  async beforeApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
