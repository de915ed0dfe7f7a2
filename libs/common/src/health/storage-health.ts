/** Implemented by each service's storage wiring: resolves when the database answers. */
export abstract class StorageHealth {
  abstract ping(): Promise<void>;
}
