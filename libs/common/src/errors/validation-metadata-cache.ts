import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Metadatas = ReturnType<Storage['getTargetValidationMetadatas']>;

const CACHED = Symbol.for('chat-platform.validation-metadata-cache');

let version = 0;

/** Changes whenever a rule is added: what was compiled from the rules before (compiled-validation.ts) is stale. */
export function validationMetadataVersion(): number {
  return version;
}

/**
 * class-validator works out a class's rules again on every validation, scanning every registered class for
 * parents (an `instanceof` per class, for every nested object too): 4–8% of each service's CPU in the benchmark
 * profiles (bench/README.md). The rules change only when a class is declared (decorators run at import), so the
 * answer is kept per class and arguments, and forgotten whenever a rule is added.
 */
export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  const marked = storage as Storage & { [CACHED]?: true };
  if (marked[CACHED]) return;
  marked[CACHED] = true;
  let cache = new WeakMap<object, Map<string, Metadatas>>();
  const compute = storage.getTargetValidationMetadatas.bind(storage);
  const add = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    cache = new WeakMap();
    version++;
    add(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${groups?.join('\u0001') ?? ''}`;
    let byArguments = cache.get(target);
    if (!byArguments) cache.set(target, (byArguments = new Map<string, Metadatas>()));
    let metadatas = byArguments.get(key);
    if (!metadatas) byArguments.set(key, (metadatas = compute(target, schema, always, strictGroups, groups)));
    return metadatas;
  };
}
