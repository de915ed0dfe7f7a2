import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Avatar } from './avatar.js';
import { Badge } from './badge.js';
import { Button } from './button.js';
import { PaperclipIcon } from './paperclip-icon.js';
import { PresenceDot } from './presence-dot.js';
import { TextInput } from './text-input.js';

afterEach(cleanup);

describe('Button', () => {
  it('is a plain button (not a form submit) unless asked, and clicks', () => {
    const onClick = vi.fn();
    render(
      <form onSubmit={() => expect.fail('a plain button submitted its form')}>
        <Button onClick={onClick}>Save</Button>
      </form>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(onClick).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('button', { name: 'Save' }).getAttribute('type')).toBe('button');
  });

  it('does nothing when disabled', () => {
    const onClick = vi.fn();
    render(
      <Button disabled onClick={onClick}>
        Send
      </Button>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(onClick).not.toHaveBeenCalled();
  });
});

describe('TextInput', () => {
  it('takes its accessible name from aria-label and reports typing', () => {
    const onChange = vi.fn();
    render(<TextInput aria-label="Search users" value="" onChange={onChange} />);
    fireEvent.change(screen.getByRole('textbox', { name: 'Search users' }), { target: { value: 'bo' } });
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('Badge', () => {
  it('says what it counts, and is absent at zero', () => {
    const { rerender } = render(<Badge count={3} label="unread messages" />);
    expect(screen.getByLabelText('3 unread messages').textContent).toBe('3');
    rerender(<Badge count={0} label="unread messages" />);
    expect(screen.queryByTestId('badge')).toBeNull();
  });

  it('caps what it shows at 99+ but says the real number', () => {
    render(<Badge count={250} label="unread messages" />);
    expect(screen.getByLabelText('250 unread messages').textContent).toBe('99+');
  });
});

describe('PresenceDot', () => {
  it('is announced as online or offline', () => {
    render(<PresenceDot status="online" />);
    expect(screen.getByRole('img', { name: 'online' })).toBeTruthy();
  });
});

describe('Avatar', () => {
  it('shows the initial when there is no picture, the picture when there is', () => {
    const { container, rerender } = render(<Avatar name="bob" />);
    expect(container.textContent).toBe('B');
    rerender(<Avatar name="bob" url="https://example.com/b.png" />);
    expect(container.querySelector('img')?.getAttribute('src')).toBe('https://example.com/b.png');
  });
});

describe('PaperclipIcon', () => {
  it('is decoration only: hidden from screen readers and out of the tab order', () => {
    const { container } = render(<PaperclipIcon />);
    const svg = container.querySelector('svg');
    expect(svg?.getAttribute('aria-hidden')).toBe('true');
    expect(svg?.getAttribute('focusable')).toBe('false');
  });
});
