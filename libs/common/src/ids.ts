import { v7 } from 'uuid';

/** Time-ordered ids (UUIDv7): identical format on every adapter, and they sort by creation time. */
export function newId(): string {
  return v7();
}
