import type { OutgoingMail } from '#common/mail';

/** The mails auth sends; the name is also the `kind` label of the mails_sent_total metric. */
export type MailKind = 'verify_email' | 'reset_password' | 'email_changed';

export interface AccountMail extends OutgoingMail {
  kind: MailKind;
}

const escapeHtml = (value: string): string =>
  value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/**
 * The text part also has the token alone on a `Token: …` line (short enough never to be wrapped), for apps and
 * for scripts reading the .eml files.
 *
 * `${PUBLIC_URL}/<page>#token=…`: the token rides in the fragment, which browsers never send to a server, so
 * it stays out of access logs, proxies and Referer headers; the web client reads it and POSTs it.
 */
export function tokenLink(publicUrl: string, page: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/${page}#token=${encodeURIComponent(token)}`;
}

function layout(paragraphs: string[], action?: { label: string; href: string }, token?: string): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (action) {
    body.splice(1, 0, `<p><a href="${escapeHtml(action.href)}" style="font-weight:bold">${escapeHtml(action.label)}</a></p>`);
  }
  if (token) body.push(`<p style="color:#555">Token: <code>${escapeHtml(token)}</code></p>`);
  return `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">${body.join('')}</body></html>`;
}

export function verificationMail(to: string, username: string, link: string, token: string, hours: number): AccountMail {
  const intro = `Hello ${username}, please confirm that ${to} is your email address.`;
  const expiry = `The link works once and expires in ${hours} hours. If you did not ask for it, ignore this mail.`;
  return {
    kind: 'verify_email',
    to,
    subject: 'Confirm your email address',
    text: [intro, '', link, '', expiry, '', `Token: ${token}`, '(apps: POST it to /api/auth/email/verify as {"token": "..."})', ''].join('\n'),
    html: layout([intro, expiry], { label: 'Confirm my email address', href: link }, token),
  };
}

export function resetMail(to: string, username: string, link: string, token: string, minutes: number): AccountMail {
  const intro = `Hello ${username}, someone asked to reset the password of your account.`;
  const expiry =
    `The link works once and expires in ${minutes} minutes; using it signs you out everywhere. ` +
    'If you did not ask for it, ignore this mail: your password stays as it is.';
  return {
    kind: 'reset_password',
    to,
    subject: 'Reset your password',
    text: [intro, '', link, '', expiry, '', `Token: ${token}`, '(apps: POST it to /api/auth/password/reset as {"token": "...", "newPassword": "..."})', ''].join('\n'),
    html: layout([intro, expiry], { label: 'Choose a new password', href: link }, token),
  };
}

/**
 * To the old address after a change: the owner learns of it even if someone else made it. The new address is
 * not named (whoever reads the old mailbox now need not learn it).
 */
export function emailChangedMail(to: string, username: string): AccountMail {
  const intro = `Hello ${username}, the email address of your account is no longer ${to}: it was changed to another one.`;
  const help = 'If you did not do this, reset your password and contact the administrators.';
  return {
    kind: 'email_changed',
    to,
    subject: 'Your email address was changed',
    text: [intro, '', help, ''].join('\n'),
    html: layout([intro, help]),
  };
}
