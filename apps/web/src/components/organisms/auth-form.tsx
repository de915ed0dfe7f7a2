import { useState, type FormEvent } from 'react';
import { errorText, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { FormField } from '../molecules/form-field.js';

export function AuthForm() {
  const store = useStore();
  const [mode, setMode] = useState<'login' | 'register' | 'forgot'>('login');
  const [notice, setNotice] = useState<string | null>(null);
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    if (mode === 'forgot') {
      store
        .forgotPassword(email)
        // The server answers the same for every address; so does this page.
        .then(() => setNotice(`If an account uses ${email}, a link to choose a new password is on its way.`))
        .catch((e: unknown) => setError(errorText(e)))
        .finally(() => setBusy(false));
      return;
    }
    const action = mode === 'login' ? store.login(username, password) : store.register({ username, email, password });
    action.catch((e: unknown) => setError(errorText(e))).finally(() => setBusy(false));
  };

  if (mode === 'forgot') {
    return (
      <form className="auth-form" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title">Forgot your password?</h1>
        <FormField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        {notice && <p role="status">{notice}</p>}
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" variant="primary" disabled={busy}>
          Send me a link
        </Button>
        <Button variant="link" onClick={() => setMode('login')}>
          Back to log in
        </Button>
      </form>
    );
  }

  return (
    <form className="auth-form" onSubmit={submit} aria-labelledby="auth-title">
      <h1 id="auth-title">{mode === 'login' ? 'Log in' : 'Create an account'}</h1>
      <FormField label={mode === 'login' ? 'Username or email' : 'Username'} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
      {mode === 'register' && <FormField label="Email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />}
      <FormField
        label="Password"
        type="password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
        minLength={8}
        required
      />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={busy}>
        {mode === 'login' ? 'Log in' : 'Register'}
      </Button>
      <Button variant="link" onClick={() => setMode(mode === 'login' ? 'register' : 'login')}>
        {mode === 'login' ? 'No account? Register' : 'Have an account? Log in'}
      </Button>
      {mode === 'login' && (
        <Button variant="link" onClick={() => setMode('forgot')}>
          Forgot your password?
        </Button>
      )}
    </form>
  );
}
