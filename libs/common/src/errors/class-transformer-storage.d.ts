// class-transformer keeps its @Type/@Expose/@Exclude/@Transform metadata in this singleton, which its index does
// not export; compiled-validation.ts reads it to tell which classes it can build without class-transformer.
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';

  export const defaultMetadataStorage: MetadataStorage;
}
