/** Raised by repositories when a unique index refused a write; `field` says which one. */
export class DuplicateKeyError extends Error {
  constructor(readonly field: string) {
    super(`duplicate value for ${field}`);
    this.name = 'DuplicateKeyError';
  }
}
