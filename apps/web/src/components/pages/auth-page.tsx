import { AuthForm } from '../organisms/auth-form.js';

export function AuthPage() {
  return (
    <main className="auth-page">
      <AuthForm />
    </main>
  );
}
