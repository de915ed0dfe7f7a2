import { IsUUID } from 'class-validator';

/**
 * Marks a validation rule whose failure means "this id cannot name anything". The validation pipes answer
 * an input whose only faults carry it with 404 NOT_FOUND (API.md: a malformed id is an unknown id), on both
 * sides of the bus, so clients learn nothing about our id format.
 */
export const UNKNOWN_ID_CONTEXT = { unknownId: true } as const;

/** A user or session id (path or body, e.g. friendId, memberIds): a UUID, or 404. */
export function UuidRef(options: { each?: boolean } = {}): PropertyDecorator {
  return IsUUID('all', { each: options.each ?? false, context: UNKNOWN_ID_CONTEXT });
}
