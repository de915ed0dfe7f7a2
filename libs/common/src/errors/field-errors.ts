import type { ValidationError } from 'class-validator';
import type { FieldError } from '#contracts';

/** Flattens class-validator's tree into `{ field: "a.b", message }` pairs, one per violated rule. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ field, message });
    }
    if (error.children?.length) out.push(...toFieldErrors(error.children, field));
  }
  return out;
}
