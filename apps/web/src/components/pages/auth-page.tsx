import { useChatState } from '../../state/store-context.js';
import { SessionEndedNotice } from '../molecules/session-ended-notice.js';
import { AuthForm } from '../organisms/auth-form.js';

export function AuthPage() {
  const { sessionEnded } = useChatState();
  return (
    <main className="auth-page">
      <SessionEndedNotice reason={sessionEnded} />
      <AuthForm />
    </main>
  );
}
