/** Uniqueness is case-insensitive: both adapters index this folded form (same result on each). */
export function uniqueKey(value: string): string {
  return value.normalize('NFC').toLowerCase();
}
