import type { FieldError } from '#contracts';

/** Deepest nesting of objects/arrays accepted in a request body or socket payload; our DTOs need 3. */
export const JSON_MAX_DEPTH = 32;

/**
 * Keys that name Object.prototype machinery. JSON.parse keeps them as own properties, and class-transformer
 * then drops them silently; an input carrying them is refused like any unknown field.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first reason a parsed JSON value is refused before any transformation: nesting deeper than
 * JSON_MAX_DEPTH (class-transformer recurses and overflows the stack on a few thousand levels) or a
 * forbidden key. Walks with an explicit stack, so hostile depth cannot overflow this check either.
 */
export function jsonShapeFault(value: unknown): FieldError | undefined {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: '' }];
  while (stack.length > 0) {
    const { value: current, depth, path } = stack.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= JSON_MAX_DEPTH) return { field: path, message: `nesting deeper than ${JSON_MAX_DEPTH} levels is not accepted` };
    for (const key of Object.keys(current)) {
      const field = path ? `${path}.${key}` : key;
      if (FORBIDDEN_KEYS.has(key)) return { field, message: `property ${key} should not exist` };
      stack.push({ value: (current as Record<string, unknown>)[key], depth: depth + 1, path: field });
    }
  }
  return undefined;
}
