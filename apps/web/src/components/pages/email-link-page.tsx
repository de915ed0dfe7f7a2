import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorText, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { FormField } from '../molecules/form-field.js';

/** The pages the links in auth's mails open: `/verify-email#token=…` and `/reset-password#token=…`. */
export const EMAIL_LINK_PAGES = ['/verify-email', '/reset-password'] as const;
export type EmailLinkPath = (typeof EMAIL_LINK_PAGES)[number];

export function isEmailLinkPath(path: string): path is EmailLinkPath {
  return (EMAIL_LINK_PAGES as readonly string[]).includes(path);
}

/** The token rides in the URL fragment, which the browser never sends to a server. */
function tokenFromHash(hash: string): string {
  return new URLSearchParams(hash.replace(/^#/, '')).get('token') ?? '';
}

/** Leaves the link page for the app (the token is spent either way). */
function toApp() {
  window.location.assign('/');
}

export function EmailLinkPage({ path }: { path: EmailLinkPath }) {
  const token = tokenFromHash(window.location.hash);
  return <main className="auth-page">{path === '/verify-email' ? <VerifyEmail token={token} /> : <ResetPassword token={token} />}</main>;
}

function VerifyEmail({ token }: { token: string }) {
  const store = useStore();
  const [state, setState] = useState<{ step: 'working' | 'done' } | { step: 'failed'; error: string }>({ step: 'working' });
  const sent = useRef(false);

  useEffect(() => {
    // Once: a token works once, and StrictMode runs effects twice in development.
    if (sent.current) return;
    sent.current = true;
    store
      .verifyEmail(token)
      .then(() => setState({ step: 'done' }))
      .catch((e: unknown) => setState({ step: 'failed', error: errorText(e) }));
  }, [store, token]);

  return (
    <section className="auth-form" aria-labelledby="link-title">
      <h1 id="link-title">Email address</h1>
      {state.step === 'working' && <p role="status">Checking your link…</p>}
      {state.step === 'done' && <p role="status">Your email address is confirmed.</p>}
      {state.step === 'failed' && (
        <p className="form-error" role="alert">
          This link does not work (any more): {state.error}. Ask for a new one from your profile.
        </p>
      )}
      <Button variant="primary" onClick={toApp}>
        Continue
      </Button>
    </section>
  );
}

function ResetPassword({ token }: { token: string }) {
  const store = useStore();
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    store
      .resetPassword(token, password)
      .then(() => setDone(true))
      .catch((e: unknown) => setError(errorText(e)))
      .finally(() => setBusy(false));
  };

  if (done) {
    return (
      <section className="auth-form" aria-labelledby="link-title">
        <h1 id="link-title">Password changed</h1>
        <p role="status">Your password is changed and every session has been signed out. Log in with the new one.</p>
        <Button variant="primary" onClick={toApp}>
          Log in
        </Button>
      </section>
    );
  }
  return (
    <form className="auth-form" onSubmit={submit} aria-labelledby="link-title">
      <h1 id="link-title">Choose a new password</h1>
      <FormField label="New password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" minLength={8} required />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy || token === ''}>
        Set the new password
      </Button>
    </form>
  );
}
