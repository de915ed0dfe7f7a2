import type { SessionRevokedReason } from '@contracts/auth/auth.dto.js';

const TEXT: Partial<Record<SessionRevokedReason, string>> = {
  account_disabled: 'Your account has been disabled by a moderator. Contact the administrators if you think this is a mistake.',
  role_changed: 'Your role changed: log in again to continue.',
  password_changed: 'Your password was changed: log in with the new one.',
  revoked: 'This session was ended.',
  refresh_reuse: 'This session was ended for safety: log in again.',
};

/** Why the server ended the session (session:revoked), on the login screen; nothing after an ordinary logout. */
export function SessionEndedNotice({ reason }: { reason: SessionRevokedReason | null }) {
  const text = reason ? TEXT[reason] : undefined;
  if (!text) return null;
  return (
    <p className="alert session-ended" role="alert" data-reason={reason}>
      {text}
    </p>
  );
}
