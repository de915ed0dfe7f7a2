import { useCallState, useChatState, useStore } from '../../state/store-context.js';
import { Button } from '../atoms/button.js';

/** Shown on every device of the callee while a call rings; gone when answered here or elsewhere, declined or missed. */
export function IncomingCallDialog() {
  const store = useStore();
  const { incoming } = useCallState();
  const { conversations } = useChatState();
  if (!incoming) return null;
  const conversation = conversations.find((c) => c.id === incoming.conversationId);
  const caller = conversation?.members.find((m) => m.id === incoming.fromUserId);
  const who = caller?.displayName || caller?.username || 'Someone';
  const where = conversation?.type === 'group' ? ` in ${conversation.name ?? 'a room'}` : '';
  return (
    <div className="call-dialog" role="alertdialog" aria-label="Incoming call" aria-describedby="incoming-call-text">
      <p id="incoming-call-text">
        {who} is calling{where} ({incoming.media === 'video' ? 'video' : 'audio'})
      </p>
      <Button variant="primary" onClick={() => void store.calls.accept()} autoFocus>
        Accept
      </Button>
      <Button variant="danger" onClick={() => void store.calls.decline()}>
        Decline
      </Button>
    </div>
  );
}
