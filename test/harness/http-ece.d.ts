// http_ece ships no types; this is the one function the push service of the tests uses.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  /** RFC 8188 decryption; for Web Push (RFC 8291) the receiver's ECDH key and auth secret. */
  export function decrypt(buffer: Buffer, params: { version: 'aes128gcm'; privateKey: ECDH; authSecret: Buffer }): Buffer;
}
