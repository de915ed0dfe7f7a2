import type { SelectHTMLAttributes } from 'react';

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export interface SelectProps<V extends string> extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> {
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
}

/** A native select (keyboard and screen readers for free); like TextInput it needs a <label> or aria-label. */
export function Select<V extends string>({ value, options, onChange, className, ...rest }: SelectProps<V>) {
  return (
    <select
      className={`select${className ? ` ${className}` : ''}`}
      value={value}
      // The options are exactly the values of V, so the chosen one is one of them.
      onChange={(e) => onChange(options.find((o) => o.value === e.target.value)?.value ?? value)}
      {...rest}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}
