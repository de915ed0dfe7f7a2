import { useId } from 'react';

export interface ToggleProps {
  label: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}

/** An on/off switch: a native checkbox with role="switch", named by its label. */
export function Toggle({ label, checked, disabled, onChange }: ToggleProps) {
  const id = useId();
  return (
    <span className="toggle">
      <input id={id} type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </span>
  );
}
