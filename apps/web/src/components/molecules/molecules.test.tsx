import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlertBanner } from './alert-banner.js';
import { ConnectionStatus } from './connection-status.js';
import { ConversationItem } from './conversation-item.js';
import { FormField } from './form-field.js';
import { MessageItem } from './message-item.js';
import { ReactionBar } from './reaction-bar.js';
import { TypingIndicator } from './typing-indicator.js';

afterEach(cleanup);

const base = { author: 'You', content: 'hello', time: '2026-01-01T10:00:00.000Z', own: true };

describe('MessageItem', () => {
  it('shows "failed — retry" for a message that did not go out, and retries on click', () => {
    const onRetry = vi.fn();
    render(<MessageItem {...base} status="failed" onRetry={onRetry} />);
    expect(screen.getByRole('alert').textContent).toContain('failed —');
    fireEvent.click(screen.getByRole('button', { name: 'retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('edits an own message and leaves edit mode once saved', async () => {
    const onEdit = vi.fn(() => Promise.resolve());
    render(<MessageItem {...base} onEdit={onEdit} onDelete={() => Promise.resolve()} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit message: hello' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Edit message' }), { target: { value: 'hello again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onEdit).toHaveBeenCalledWith('hello again');
    await waitFor(() => expect(screen.queryByRole('textbox', { name: 'Edit message' })).toBeNull());
  });

  it('shows why an edit failed', async () => {
    render(<MessageItem {...base} onEdit={() => Promise.reject(new Error('NOT_A_MEMBER'))} />);
    fireEvent.click(screen.getByRole('button', { name: 'Edit message: hello' }));
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect((await screen.findByRole('alert')).textContent).toBe('NOT_A_MEMBER');
  });

  it('offers no edit or delete on other people\'s messages nor on deleted ones', () => {
    const { rerender } = render(<MessageItem {...base} own={false} onEdit={() => Promise.resolve()} onDelete={() => Promise.resolve()} />);
    expect(screen.queryByRole('button', { name: /Edit message/ })).toBeNull();
    rerender(<MessageItem {...base} content="" deleted onEdit={() => Promise.resolve()} onDelete={() => Promise.resolve()} />);
    expect(screen.queryByRole('button', { name: /Delete message/ })).toBeNull();
    expect(screen.getByText('Message deleted')).toBeTruthy();
  });

  it('marks edited and seen messages', () => {
    render(<MessageItem {...base} edited seen />);
    expect(screen.getByText('(edited)', { exact: false })).toBeTruthy();
    expect(screen.getByText('Seen')).toBeTruthy();
  });
});

describe('ConversationItem', () => {
  it('names the conversation with its unread count and opens it', () => {
    const onOpen = vi.fn();
    render(
      <ul>
        <ConversationItem title="bob" preview="hi" unread={2} active={false} presence="online" onOpen={onOpen} />
      </ul>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'bob, 2 unread' }));
    expect(onOpen).toHaveBeenCalled();
    expect(screen.getByRole('img', { name: 'online' })).toBeTruthy();
  });
});

describe('TypingIndicator', () => {
  it('names who types', () => {
    const { container, rerender } = render(<TypingIndicator names={[]} />);
    expect(container.textContent).toBe('');
    rerender(<TypingIndicator names={['bob']} />);
    expect(container.textContent).toBe('bob is typing…');
    rerender(<TypingIndicator names={['bob', 'carol']} />);
    expect(container.textContent).toBe('bob and carol are typing…');
  });
});

describe('ConnectionStatus', () => {
  it('tells the connection state in a live region', () => {
    render(<ConnectionStatus state="reconnecting" />);
    expect(screen.getByRole('status').textContent).toBe('Reconnecting…');
  });
});

describe('AlertBanner', () => {
  it('explains SERVICE_UNAVAILABLE and can be dismissed', () => {
    const onDismiss = vi.fn();
    render(<AlertBanner code="SERVICE_UNAVAILABLE" message="retry later" onDismiss={onDismiss} />);
    expect(screen.getByRole('alert').textContent).toContain('temporarily unavailable');
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss alert' }));
    expect(onDismiss).toHaveBeenCalled();
  });
});

describe('FormField', () => {
  it('labels its input and ties the error to it', () => {
    render(<FormField label="Email" error="email must be an email" />);
    const input = screen.getByLabelText('Email');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent).toBe('email must be an email');
  });
});

describe('ReactionBar', () => {
  it('shows counts, marks the caller\'s own reaction, and toggles from the picker', () => {
    const onToggle = vi.fn();
    render(<ReactionBar reactions={[{ emoji: '👍', count: 3, mine: true }]} onToggle={onToggle} />);
    const own = screen.getByRole('button', { name: '👍 3, you reacted' });
    expect(own.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(own);
    expect(onToggle).toHaveBeenLastCalledWith('👍');
    fireEvent.click(screen.getByRole('button', { name: 'Add reaction' }));
    fireEvent.click(screen.getByRole('button', { name: 'React with 🎉' }));
    expect(onToggle).toHaveBeenLastCalledWith('🎉');
    expect(screen.queryByRole('group', { name: 'Pick a reaction' })).toBeNull();
  });
});

describe('MessageItem replies and pins', () => {
  it('shows the quoted message, and a deleted original as deleted', () => {
    render(<MessageItem {...base} own={false} replyTo={{ author: 'Ann', content: 'the original', deleted: false }} />);
    expect(screen.getByRole('blockquote', { name: 'Reply to Ann' }).textContent).toContain('the original');
    cleanup();
    render(<MessageItem {...base} own={false} replyTo={{ author: 'Ann', content: '', deleted: true }} />);
    expect(screen.getByRole('blockquote', { name: 'Reply to Ann' }).textContent).toContain('Message deleted');
  });

  it('offers reply and pin on other people\'s messages, and unpin on a pinned one', () => {
    const onReply = vi.fn();
    const onPin = vi.fn(() => Promise.resolve());
    render(<MessageItem {...base} own={false} pinned onReply={onReply} onPin={onPin} />);
    fireEvent.click(screen.getByRole('button', { name: 'Reply to message: hello' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unpin message: hello' }));
    expect(onReply).toHaveBeenCalledTimes(1);
    expect(onPin).toHaveBeenCalledWith(false);
    expect(screen.getByText(/pinned/)).toBeTruthy();
  });
});
