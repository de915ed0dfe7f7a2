import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type StreamTransport from 'nodemailer/lib/stream-transport';

/** One mail: both parts are always sent (multipart/alternative), so every client can show it. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface MailerOptions {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`; unset: .eml files in `emlDir`. */
  smtpUrl?: string;
  /** The From header, e.g. `Chat <no-reply@example.com>`. */
  from: string;
  /** Where the .eml files go when there is no SMTP server (DATA_DIR/mail). */
  emlDir: string;
  /** Connection, greeting and socket timeout of an SMTP delivery. */
  timeoutMs?: number;
}

export interface SentMail {
  messageId: string;
  /** The .eml file written, in file mode. */
  file?: string;
}

// The mails carry single-use secrets (verification and reset tokens): only the service's user may read them.
const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/**
 * Imported as `#common/mail`, not through `#common`: only the processes that send mail load nodemailer.
 *
 * Sends mail through nodemailer: to an SMTP server when `smtpUrl` is set, otherwise as one RFC 5322 message
 * per file (CRLF line ends, as on the wire) under `emlDir`, so a local run works without a mail server and
 * any mail client can open what would have been sent.
 */
export class Mailer {
  private readonly smtp: Transporter<SMTPTransport.SentMessageInfo> | undefined;
  private readonly stream: Transporter<StreamTransport.SentMessageInfo> | undefined;

  constructor(private readonly options: MailerOptions) {
    const timeout = options.timeoutMs ?? 15_000;
    if (options.smtpUrl) {
      this.smtp = nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: timeout,
        greetingTimeout: timeout,
        socketTimeout: timeout,
      });
    } else {
      this.stream = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    }
  }

  /** `smtp` or `eml`, for the start-up log. */
  get mode(): 'smtp' | 'eml' {
    return this.smtp ? 'smtp' : 'eml';
  }

  get emlDir(): string {
    return this.options.emlDir;
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const message = { from: this.options.from, ...mail };
    if (this.smtp) {
      const info = await this.smtp.sendMail(message);
      return { messageId: info.messageId };
    }
    const info = await this.stream!.sendMail(message);
    if (!Buffer.isBuffer(info.message)) throw new Error('stream transport did not return a buffer');
    await mkdir(this.options.emlDir, { recursive: true, mode: PRIVATE_DIR });
    // Sortable by time, unique without coordination between replicas sharing DATA_DIR.
    const name = `${new Date().toISOString().replaceAll(':', '-')}-${randomBytes(4).toString('hex')}.eml`;
    const file = join(this.options.emlDir, name);
    await writeFile(file, info.message, { mode: PRIVATE_FILE, flag: 'wx' });
    return { messageId: info.messageId, file };
  }

  close(): void {
    this.smtp?.close();
  }
}
