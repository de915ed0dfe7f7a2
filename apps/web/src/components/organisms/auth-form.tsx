import { useState, type FormEvent } from 'react';
import { errorText, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';
import { FormField } from '../molecules/form-field.js';

export function AuthForm() {
  const store = useStore();
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const action = mode === 'login' ? store.login(username, password) : store.register({ username, email, password });
    action.catch((e: unknown) => setError(errorText(e))).finally(() => setBusy(false));
  };

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
    </form>
  );
}
