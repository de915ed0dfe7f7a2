import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Select } from './select.js';
import { Tag } from './tag.js';
import { Toggle } from './toggle.js';

afterEach(cleanup);

describe('Select', () => {
  const options = [
    { value: 'open', label: 'Open' },
    { value: 'resolved', label: 'Resolved' },
  ] as const;

  it('is named by aria-label and reports the chosen value', () => {
    const onChange = vi.fn();
    render(<Select aria-label="Show reports" value="open" options={options} onChange={onChange} />);
    const select = screen.getByRole('combobox', { name: 'Show reports' });
    expect((select as HTMLSelectElement).value).toBe('open');
    fireEvent.change(select, { target: { value: 'resolved' } });
    expect(onChange).toHaveBeenCalledWith('resolved');
  });
});

describe('Toggle', () => {
  it('is a switch named by its label, reporting the new state', () => {
    const onChange = vi.fn();
    render(<Toggle label="Notifications on this device" checked={false} onChange={onChange} />);
    const toggle = screen.getByRole('switch', { name: 'Notifications on this device' });
    fireEvent.click(toggle);
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it('does nothing while disabled', () => {
    const onChange = vi.fn();
    render(<Toggle label="Push" checked disabled onChange={onChange} />);
    fireEvent.click(screen.getByRole('switch', { name: 'Push' }));
    expect(onChange).not.toHaveBeenCalled();
  });
});

describe('Tag', () => {
  it('shows its word, styled by tone', () => {
    const { container } = render(<Tag tone="warning">disabled</Tag>);
    expect(container.textContent).toBe('disabled');
    expect(container.querySelector('.tag-warning')).not.toBeNull();
  });
});
