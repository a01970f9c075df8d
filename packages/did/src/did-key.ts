import { ECDH } from 'node:crypto';
import type { JWK } from 'jose';
import { decodeBase58btc } from './internal/base58.js';

const DID_KEY_PREFIX = 'did:key:';

/**
 * The public key of a did:key DID (or DID URL) as a JWK. Supports the two key types we sign with:
 * Ed25519 (multicodec `ed25519-pub` 0xed, varint `ed 01`, 32 bytes; DIDs start `z6Mk`) and P-256
 * (multicodec `p256-pub` 0x1200, varint `80 24`, 33-byte compressed point; DIDs start `zDn`).
 * Throws TypeError for anything else or malformed input (did:key spec §3.1: multibase base58btc `z`).
 *
 * @example
 * ```ts
 * jwkFromDidKey('did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp');
 * // { kty: 'OKP', crv: 'Ed25519', x: 'O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik' }
 * ```
 */
export function jwkFromDidKey(did: string): JWK {
  if (!did.startsWith(DID_KEY_PREFIX)) throw new TypeError('not a did:key DID');
  const hash = did.indexOf('#');
  const msi = did.slice(DID_KEY_PREFIX.length, hash === -1 ? undefined : hash);
  if (hash !== -1 && did.slice(hash + 1) !== msi) throw new TypeError('did:key fragment must repeat the key');
  if (!msi.startsWith('z')) throw new TypeError('did:key must use multibase base58btc (z)');
  const bytes = decodeBase58btc(msi.slice(1));
  if (!bytes) throw new TypeError('did:key is not valid base58btc');
  if (bytes[0] === 0xed && bytes[1] === 0x01) {
    if (bytes.length !== 34) throw new TypeError('did:key Ed25519 key must be 32 bytes');
    return { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(bytes.subarray(2)).toString('base64url') };
  }
  if (bytes[0] === 0x80 && bytes[1] === 0x24) {
    const compressed = bytes.subarray(2);
    if (compressed.length !== 33) throw new TypeError('did:key P-256 key must be a 33-byte compressed point');
    let point: Buffer;
    try {
      point = ECDH.convertKey(compressed, 'prime256v1', undefined, undefined, 'uncompressed') as Buffer;
    } catch {
      throw new TypeError('did:key P-256 key is not a point on the curve');
    }
    return {
      kty: 'EC',
      crv: 'P-256',
      x: point.subarray(1, 33).toString('base64url'),
      y: point.subarray(33, 65).toString('base64url'),
    };
  }
  throw new TypeError('did:key key type not supported (only Ed25519 and P-256)');
}
