import { join } from 'node:path';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { METRICS, OUTCOME_OK } from '#common';
import { Mailer } from '#common/mail';
import { AuthEnv } from '../auth.env.js';
import type { AccountMail } from './mail-templates.js';

/** Waits between send attempts: a mail server that is briefly away still gets the mail. */
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000];
/** Sends in flight at once; more wait in line. */
const CONCURRENCY = 4;
/** Past this many waiting jobs new ones are dropped (logged): a flood must not exhaust memory. */
const MAX_WAITING = 1_000;
/** How long shutdown waits for queued mails before giving up on them. */
const DRAIN_TIMEOUT_MS = 10_000;

/** Prepares a mail (writes its token, looks up the account) or decides there is none to send (null). */
export type MailJob = () => Promise<AccountMail | null>;

/**
 * Sends auth's mails after the request that caused them has been answered: the answer never waits for a
 * mail server, and `password/forgot` replies before it even looks the address up, so known and unknown
 * addresses cannot be told apart by timing. In memory only: a mail lost to a crash is asked for again.
 */
@Injectable()
export class MailQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailQueue.name);
  private readonly mailer: Mailer;
  private readonly waiting: MailJob[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(@Inject(AuthEnv) env: AuthEnv) {
    this.mailer = new Mailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, emlDir: join(env.DATA_DIR, 'mail') });
  }

  onApplicationBootstrap(): void {
    if (this.mailer.mode === 'eml') {
      this.logger.log(`SMTP_URL not set: mails are written as .eml files to ${this.mailer.emlDir}`);
    }
  }

  /** Queues a job; it runs once the current request has been answered. */
  later(job: MailJob): void {
    if (this.waiting.length >= MAX_WAITING) {
      this.logger.error('mail queue full: a mail was dropped');
      METRICS.mailsSent.inc({ kind: 'unknown', outcome: 'failed' });
      return;
    }
    this.waiting.push(job);
    // setImmediate: the NATS reply of the current handler goes out first.
    setImmediate(() => this.pump());
  }

  /** Resolves once nothing is waiting or in flight. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0 || this.waiting.length > 0) {
      await Promise.all([...this.inFlight]);
      if (this.inFlight.size === 0 && this.waiting.length > 0) this.pump();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), DRAIN_TIMEOUT_MS)));
    const outcome = await Promise.race([this.idle().then(() => 'idle' as const), timeout]);
    clearTimeout(timer);
    if (outcome === 'timeout') this.logger.warn({ waiting: this.waiting.length, inFlight: this.inFlight.size }, 'shutdown: mails not sent');
    this.mailer.close();
  }

  private pump(): void {
    while (this.inFlight.size < CONCURRENCY && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      const run = this.run(job).finally(() => {
        this.inFlight.delete(run);
        this.pump();
      });
      this.inFlight.add(run);
    }
  }

  private async run(job: MailJob): Promise<void> {
    let mail: AccountMail | null;
    try {
      mail = await job();
    } catch (error) {
      this.logger.error({ err: error }, 'could not prepare a mail');
      return;
    }
    if (!mail) return;
    for (let attempt = 0; ; attempt++) {
      try {
        const sent = await this.mailer.send(mail);
        METRICS.mailsSent.inc({ kind: mail.kind, outcome: OUTCOME_OK });
        // The address is personal data: the log names the mail, not its recipient.
        this.logger.log({ kind: mail.kind, messageId: sent.messageId, file: sent.file }, 'mail sent');
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          METRICS.mailsSent.inc({ kind: mail.kind, outcome: 'failed' });
          this.logger.error({ err: error, kind: mail.kind }, 'mail not sent; giving up');
          return;
        }
        this.logger.warn({ err: error, kind: mail.kind, retryInMs: delay }, 'mail not sent; retrying');
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }
}
