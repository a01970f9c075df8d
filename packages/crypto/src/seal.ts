import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { JWK } from 'jose';

const VERSION = 'v1';
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit IVs for GCM
const TAG_BYTES = 16;
const KEK_BYTES = 32; // AES-256

/**
 * Thrown by {@link openPrivateKey} when an envelope cannot be opened: wrong KEK, wrong AAD, a changed
 * byte, or a string that is not a `v1` envelope. `code` is always `'key_unseal_failed'`; the message
 * never contains key material.
 *
 * @example
 * ```ts
 * try { openPrivateKey(row.sealed, kek, row.id); } catch (err) { if (err instanceof KeyUnsealError) log.error({ code: err.code }); }
 * ```
 */
export class KeyUnsealError extends Error {
  readonly code = 'key_unseal_failed';
  constructor(detail: string) {
    super(`private key envelope could not be opened: ${detail}`);
    this.name = 'KeyUnsealError';
  }
}

function assertKek(kek: Uint8Array, fn: string): void {
  if (!(kek instanceof Uint8Array) || kek.byteLength !== KEK_BYTES) {
    throw new TypeError(`${fn}: kek must be ${KEK_BYTES} bytes`);
  }
}

/**
 * Encrypt a private JWK for storage with AES-256-GCM under a key-encryption key (KEK).
 *
 * Output: `v1.<iv>.<ciphertext>.<tag>`, each part base64url. A fresh random 96-bit IV is used per call.
 * Pass `aad` (e.g. the key's row id) to bind the envelope to that row: opening it with another AAD fails,
 * so an envelope copied to another row is useless.
 *
 * @throws TypeError when `kek` is not 32 bytes.
 * @example
 * ```ts
 * const sealed = sealPrivateKey(privateJwk, kek, 'signing_key:42');
 * const jwk = openPrivateKey(sealed, kek, 'signing_key:42');
 * ```
 */
export function sealPrivateKey(privateJwk: JWK, kek: Uint8Array, aad?: string): string {
  assertKek(kek, 'sealPrivateKey');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(privateJwk), 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}

/**
 * Decrypt an envelope made by {@link sealPrivateKey}. The same `aad` must be given. During a KEK rotation pass
 * the keys to try, current first (`[kek, previousKek]`): the first that authenticates opens the envelope.
 *
 * @throws TypeError when a `kek` is not 32 bytes, or the list is empty.
 * @throws KeyUnsealError when the envelope is malformed, was tampered with, or the KEK or AAD is wrong.
 * @example
 * ```ts
 * const privateJwk = openPrivateKey(row.sealedPrivateKey, kek, row.id);
 * const duringRotation = openPrivateKey(row.sealedPrivateKey, [kek, previousKek], row.id);
 * ```
 */
export function openPrivateKey(sealed: string, kek: Uint8Array | readonly Uint8Array[], aad?: string): JWK {
  if (Array.isArray(kek)) {
    if (kek.length === 0) throw new TypeError('openPrivateKey: no kek given');
    for (let i = 0; i < kek.length; i++) {
      try {
        return openPrivateKey(sealed, kek[i] as Uint8Array, aad);
      } catch (err) {
        if (!(err instanceof KeyUnsealError) || i === kek.length - 1) throw err;
      }
    }
  }
  return openOne(sealed, kek as Uint8Array, aad);
}

/**
 * Re-seals an envelope under `current` if it opens only under `previous` (a KEK rotation). Returns the new
 * envelope, or null when it is already sealed under `current` (nothing to do).
 *
 * @throws KeyUnsealError when neither key opens it (or the AAD is wrong).
 * @example
 * ```ts
 * const resealed = rewrapPrivateKey(row.sealedPrivateKey, { current: kek, previous: oldKek }, row.id);
 * if (resealed) await store.replaceSealed(row.id, row.sealedPrivateKey, resealed);
 * ```
 */
export function rewrapPrivateKey(
  sealed: string,
  keks: { current: Uint8Array; previous?: Uint8Array | undefined },
  aad?: string,
): string | null {
  try {
    openOne(sealed, keks.current, aad);
    return null;
  } catch (err) {
    if (!(err instanceof KeyUnsealError) || !keks.previous) throw err;
  }
  return sealPrivateKey(openOne(sealed, keks.previous, aad), keks.current, aad);
}

function openOne(sealed: string, kek: Uint8Array, aad?: string): JWK {
  assertKek(kek, 'openPrivateKey');
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  if (parts.length !== 4 || parts[0] !== VERSION) throw new KeyUnsealError('not a v1 envelope');
  const [, ivPart, ctPart, tagPart] = parts as [string, string, string, string];
  const iv = Buffer.from(ivPart, 'base64url');
  const tag = Buffer.from(tagPart, 'base64url');
  if (iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
    throw new KeyUnsealError('bad iv or tag length');
  }
  let plaintext: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, iv, { authTagLength: TAG_BYTES });
    if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(Buffer.from(ctPart, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    // GCM authentication failed: tampered ciphertext, wrong KEK or wrong AAD are indistinguishable by design.
    throw new KeyUnsealError('authentication failed');
  }
  const jwk: unknown = JSON.parse(plaintext);
  if (jwk === null || typeof jwk !== 'object' || Array.isArray(jwk)) {
    throw new KeyUnsealError('plaintext is not a JWK');
  }
  return jwk as JWK;
}

/**
 * Parse a key-encryption key from configuration: base64 or base64url (padding optional) of exactly 32 bytes.
 *
 * @throws TypeError unless the text is base64/base64url and decodes to exactly 32 bytes.
 * @example
 * ```ts
 * const kek = parseKek(config.keys.kek); // e.g. from `openssl rand -base64 32`
 * ```
 */
export function parseKek(base64OrBase64url: string): Uint8Array {
  const text = typeof base64OrBase64url === 'string' ? base64OrBase64url.trim() : '';
  // Node's decoder silently skips bad characters, so check the alphabet first.
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) throw new TypeError('parseKek: not base64 or base64url');
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength !== KEK_BYTES) {
    throw new TypeError(`parseKek: expected ${KEK_BYTES} bytes, got ${bytes.byteLength}`);
  }
  return new Uint8Array(bytes);
}
