import type { InputHTMLAttributes } from 'react';

/** A text input; it must be given a name users can hear: a <label>, or aria-label. */
export function TextInput({ className, ...rest }: InputHTMLAttributes<HTMLInputElement>) {
  return <input className={`input${className ? ` ${className}` : ''}`} {...rest} />;
}
