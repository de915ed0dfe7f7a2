import { cleanup, createEvent, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AttachmentList, formatBytes } from './attachment-list.js';
import { ConversationItem } from './conversation-item.js';
import { DropZone } from './drop-zone.js';
import { MentionInput, mentionAt, type MentionCandidate } from './mention-input.js';
import { MentionText } from './mention-text.js';
import { MessageItem } from './message-item.js';
import { UploadItem } from './upload-item.js';

afterEach(cleanup);

describe('MentionText', () => {
  it('marks mentions of members, mine more strongly, and leaves other @text alone', () => {
    const { container } = render(<MentionText content="hi @Bob and @alice, mail x@bob.com or @nobody" mentionable={['bob', 'alice']} myUsername="alice" />);
    expect(screen.getByTestId('mention').textContent).toBe('@Bob');
    expect(screen.getByTestId('mention-me').textContent).toBe('@alice');
    expect(container.querySelectorAll('mark')).toHaveLength(2);
    expect(container.textContent).toBe('hi @Bob and @alice, mail x@bob.com or @nobody');
  });

  it('marks @room strongly only when the server counted it as mentioning me', () => {
    const { rerender } = render(<MentionText content="@room stand-up" mentionable={['room']} myUsername="alice" mentionsMe />);
    expect(screen.getByTestId('mention-me').textContent).toBe('@room');
    rerender(<MentionText content="@room stand-up" mentionable={['room']} myUsername="alice" mentionsMe={false} />);
    expect(screen.queryByTestId('mention-me')).toBeNull();
    expect(screen.getByTestId('mention').textContent).toBe('@room');
  });
});

const people: MentionCandidate[] = [
  { username: 'bob', displayName: 'Bob B' },
  { username: 'bella', displayName: 'Bella' },
  { username: 'carol', displayName: 'Carol' },
];

function Harness({ onSubmit = () => undefined }: { onSubmit?: (text: string) => void }) {
  const [value, setValue] = useState('');
  return <MentionInput aria-label="Message" value={value} onChange={setValue} candidates={people} onSubmit={() => onSubmit(value)} listId="mentions" />;
}

const type = (text: string) => fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: text, selectionStart: text.length } });
const key = (k: string) => fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: k });

describe('MentionInput', () => {
  it('finds the @name being typed before the caret, not an email', () => {
    expect(mentionAt('hi @bo', 6)).toEqual({ start: 3, query: 'bo' });
    expect(mentionAt('mail a@bo', 9)).toBeNull();
    expect(mentionAt('@bob done', 9)).toBeNull();
  });

  it('opens a listbox of matching members on @, moves with the arrows and inserts the pick on Enter', () => {
    render(<Harness />);
    type('hello @b');
    const box = screen.getByRole('textbox', { name: 'Message' });
    const list = screen.getByRole('listbox', { name: 'Mention suggestions' });
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['@bob Bob B', '@bella']);
    expect(box.getAttribute('aria-controls')).toBe(list.id);
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: /@bob/ }).id);
    key('ArrowDown');
    expect(screen.getByRole('option', { name: /@bella/ }).getAttribute('aria-selected')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: /@bella/ }).id);
    key('ArrowDown'); // wraps around
    expect(screen.getByRole('option', { name: /@bob/ }).getAttribute('aria-selected')).toBe('true');
    key('Enter');
    expect((box as HTMLTextAreaElement).value).toBe('hello @bob ');
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('picks with Tab too, and Escape closes the list without sending', () => {
    const onSubmit = vi.fn();
    render(<Harness onSubmit={onSubmit} />);
    type('@c');
    key('Tab');
    expect(screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' }).value).toBe('@carol ');
    type('@carol @b');
    expect(screen.getByRole('listbox')).toBeTruthy();
    key('Escape');
    expect(screen.queryByRole('listbox')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
    // With the list closed, Enter sends.
    key('Enter');
    expect(onSubmit).toHaveBeenCalledWith('@carol @b');
  });

  it('puts the caret right after the picked name at once, so keys typed next land there, not on a later frame', () => {
    render(<Harness />);
    const box = screen.getByRole<HTMLTextAreaElement>('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'hi @b and more', selectionStart: 5 } });
    key('Enter');
    expect(box.value).toBe('hi @bob  and more');
    expect([box.selectionStart, box.selectionEnd]).toEqual([8, 8]);
  });

  it('offers nothing when no member matches', () => {
    render(<Harness />);
    type('@zed');
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});

describe('UploadItem', () => {
  it('shows progress and a cancel while uploading', () => {
    const onRemove = vi.fn();
    render(<UploadItem name="cat.png" size={2048} status="uploading" progress={0.42} onRemove={onRemove} />);
    const bar = screen.getByRole('progressbar', { name: 'Uploading cat.png' });
    expect(bar.getAttribute('value')).toBe('42');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel upload of cat.png' }));
    expect(onRemove).toHaveBeenCalledTimes(1);
  });

  it('says when it is ready, and why it failed', () => {
    const { rerender } = render(<UploadItem name="a.bin" size={10} status="done" progress={1} onRemove={() => undefined} />);
    expect(screen.queryByRole('progressbar')).toBeNull();
    expect(screen.getByText('Ready')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Remove a.bin' })).toBeTruthy();
    rerender(<UploadItem name="a.bin" size={10} status="failed" progress={0.3} error="PAYLOAD_TOO_LARGE: too big" onRemove={() => undefined} />);
    expect(screen.getByRole('alert').textContent).toBe('PAYLOAD_TOO_LARGE: too big');
  });
});

const file = { id: 'f1', name: 'report.pdf', size: 1536, url: '/api/media/f1?sig=x', thumbnailUrl: null, width: null, height: null };
const image = { id: 'i1', name: 'cat.png', size: 90_000, url: '/api/media/i1?sig=y', thumbnailUrl: '/api/media/i1/thumbnail?sig=y', width: 1280, height: 640 };

describe('AttachmentList', () => {
  it('shows a file as a download chip with its name and size', () => {
    render(<AttachmentList attachments={[file]} />);
    const chip = screen.getByRole('link', { name: 'Download report.pdf, 1.5 KB' });
    expect(chip.getAttribute('href')).toBe(file.url);
    expect(chip.getAttribute('download')).toBe('report.pdf');
  });

  it('shows an image as its thumbnail, sized ahead of loading, opening the full image', () => {
    render(<AttachmentList attachments={[image]} />);
    const img = screen.getByRole('img', { name: 'cat.png' });
    expect(img.getAttribute('src')).toBe(image.thumbnailUrl);
    expect([img.getAttribute('width'), img.getAttribute('height')]).toEqual(['320', '160']);
    expect(screen.getByRole('link', { name: 'Open image cat.png' }).getAttribute('href')).toBe(image.url);
  });

  it('formats sizes', () => {
    expect([formatBytes(999), formatBytes(1536), formatBytes(25 * 1024 * 1024)]).toEqual(['999 B', '1.5 KB', '25 MB']);
  });
});

describe('DropZone', () => {
  it('shows where to drop while files are dragged over, and hands over the dropped files', () => {
    const onFiles = vi.fn();
    render(
      <DropZone label="Drop files to attach" onFiles={onFiles}>
        <p>conversation</p>
      </DropZone>,
    );
    const zone = screen.getByText('conversation').parentElement as HTMLElement;
    const dropped = new File(['x'], 'x.txt', { type: 'text/plain' });
    const transfer = { types: ['Files'], files: [dropped], dropEffect: 'none' };
    fireEvent(zone, Object.assign(createEvent.dragEnter(zone), { dataTransfer: transfer }));
    expect(screen.getByTestId('drop-overlay').textContent).toBe('Drop files to attach');
    fireEvent(zone, Object.assign(createEvent.drop(zone), { dataTransfer: transfer }));
    expect(onFiles).toHaveBeenCalledWith([dropped]);
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
  });

  it('ignores drags that carry no files (text being moved)', () => {
    render(
      <DropZone label="Drop files" onFiles={() => undefined}>
        <p>conversation</p>
      </DropZone>,
    );
    const zone = screen.getByText('conversation').parentElement as HTMLElement;
    fireEvent(zone, Object.assign(createEvent.dragEnter(zone), { dataTransfer: { types: ['text/plain'], files: [] } }));
    expect(screen.queryByTestId('drop-overlay')).toBeNull();
  });
});

describe('ConversationItem mentions', () => {
  it('shows a mention badge beside the unread one, and says it', () => {
    render(<ConversationItem title="team" preview="@alice look" unread={3} mentions={1} active={false} onOpen={() => undefined} />);
    expect(screen.getByRole('button', { name: 'team, 3 unread, 1 mention' })).toBeTruthy();
    expect(screen.getByLabelText('1 mention').textContent).toBe('@');
  });
});

describe('MessageItem threads and attachments', () => {
  const base = { author: 'Bob', content: 'root', time: '2026-01-01T10:00:00.000Z', own: false };

  it('shows the reply count of a thread, which opens it', () => {
    const onOpenThread = vi.fn();
    render(<MessageItem {...base} replyCount={2} onOpenThread={onOpenThread} />);
    fireEvent.click(screen.getByRole('button', { name: '2 replies, open thread' }));
    expect(onOpenThread).toHaveBeenCalledTimes(1);
  });

  it('offers to start a thread when there is none, and shows attachments of a message without text', () => {
    const onOpenThread = vi.fn();
    render(<MessageItem {...base} content="" attachments={[file]} onOpenThread={onOpenThread} />);
    expect(screen.getByRole('link', { name: /Download report.pdf/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /Reply in thread/ }));
    expect(onOpenThread).toHaveBeenCalledTimes(1);
  });
});
