import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CallButtons } from './call-buttons.js';
import { CallControls } from './call-controls.js';
import { CallEntry } from './call-entry.js';

afterEach(cleanup);

const entry = { seq: 7, media: 'video' as const, durationSeconds: 0, own: false, time: '2026-01-01T10:00:00.000Z' };

describe('CallEntry', () => {
  it('says what happened to the call, from the reader\'s side', () => {
    render(<CallEntry {...entry} reason="hangup" durationSeconds={83} />);
    expect(screen.getByTestId('call-entry').textContent).toContain('Video call · 1:23');
    cleanup();
    render(<CallEntry {...entry} reason="missed" />);
    expect(screen.getByTestId('call-entry').textContent).toContain('Missed video call');
    expect(screen.getByTestId('call-entry').className).toContain('missed');
    cleanup();
    render(<CallEntry {...entry} reason="missed" own media="audio" />);
    expect(screen.getByTestId('call-entry').textContent).toContain('Audio call, no answer');
  });
});

describe('CallControls and CallButtons', () => {
  it('toggles say what they do next and expose their state; hang up hangs up', () => {
    const handlers = { onToggleMute: vi.fn(), onToggleCamera: vi.fn(), onHangup: vi.fn() };
    render(<CallControls muted cameraOff={false} video {...handlers} />);
    expect(screen.getByRole('button', { name: 'Unmute' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Camera off' }));
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    expect(handlers.onToggleCamera).toHaveBeenCalledTimes(1);
    expect(handlers.onHangup).toHaveBeenCalledTimes(1);
  });

  it('offers no camera toggle in an audio call, and no new call while one is on', () => {
    render(<CallControls muted={false} cameraOff={false} video={false} onToggleMute={vi.fn()} onToggleCamera={vi.fn()} onHangup={vi.fn()} />);
    expect(screen.queryByRole('button', { name: 'Camera off' })).toBeNull();
    const onCall = vi.fn();
    render(<CallButtons disabled onCall={onCall} />);
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Video call' }).disabled).toBe(true);
  });
});
