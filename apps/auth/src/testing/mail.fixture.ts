import type { Account } from '../accounts/account.entity.js';
import type { AccountMailer } from '../mail/account-mailer.service.js';

export interface MailerCall {
  method: 'sendVerification' | 'sendPasswordReset' | 'sendEmailChanged';
  to: string;
}

/** An AccountMailer stand-in for use-case specs that are not about mail: it records what would have been sent. */
export function recordingMailer(): { mailer: AccountMailer; calls: MailerCall[] } {
  const calls: MailerCall[] = [];
  const mailer = {
    sendVerification: (account: Account) => calls.push({ method: 'sendVerification', to: account.email }),
    sendPasswordReset: (email: string) => calls.push({ method: 'sendPasswordReset', to: email }),
    sendEmailChanged: (before: Account) => calls.push({ method: 'sendEmailChanged', to: before.email }),
  } as unknown as AccountMailer;
  return { mailer, calls };
}
