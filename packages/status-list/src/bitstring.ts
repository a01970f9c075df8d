import { randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Default and minimum list size in entries (Bitstring Status List v1.0 §2.2 / §3.2: 131,072 = 16 KB). */
export const DEFAULT_LIST_SIZE = 131_072;

/** The smallest list a verifier accepts (§3.2 Validate Algorithm step 2, `minimumNumberOfEntries`). */
export const MIN_LIST_SIZE = 131_072;

/** Largest decompressed list `decodeList` accepts: 16 MiB (134,217,728 entries). Guards against gzip bombs. */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

/** Why `decodeList` refused an `encodedList`. */
export type DecodeListErrorCode = 'bad_prefix' | 'not_base64url' | 'not_gzip' | 'too_large' | 'empty';

/**
 * Thrown by {@link decodeList} when the `encodedList` is not a conforming value (the spec's
 * MALFORMED_VALUE_ERROR). `code` says why; callers map it to their own reason once.
 *
 * @example
 * ```ts
 * try { decodeList(encoded); } catch (err) { if (err instanceof DecodeListError) return err.code; }
 * ```
 */
export class DecodeListError extends Error {
  readonly code: DecodeListErrorCode;
  constructor(code: DecodeListErrorCode, detail: string) {
    super(detail);
    this.name = 'DecodeListError';
    this.code = code;
  }
}

/**
 * A zeroed bitstring of `size` bits.
 *
 * @param size - entries, a positive multiple of 8; default {@link DEFAULT_LIST_SIZE}.
 * @throws TypeError for any other size.
 * @example
 * ```ts
 * const bits = createBitstring(); // 16,384 bytes
 * ```
 */
export function createBitstring(size: number = DEFAULT_LIST_SIZE): Uint8Array {
  if (!Number.isInteger(size) || size <= 0 || size % 8 !== 0 || size / 8 > MAX_DECODED_BYTES) {
    throw new TypeError('createBitstring: size must be a positive multiple of 8, at most 16 MiB of bits');
  }
  return new Uint8Array(size / 8);
}

function assertIndex(bits: Uint8Array, index: number, fn: string): void {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) {
    throw new RangeError(`${fn}: index ${index} is outside the list of ${bits.length * 8} entries`);
  }
}

/**
 * Read one entry. Index 0 is the left-most bit, i.e. the most significant bit of byte 0
 * (§2.2 `encodedList`: "the first index … is located at the left-most bit in the bitstring").
 *
 * @throws RangeError when `index` is outside the list (the spec's RANGE_ERROR).
 * @example
 * ```ts
 * getBit(decodeList(subject.encodedList), Number(entry.statusListIndex)); // true = revoked/suspended
 * ```
 */
export function getBit(bits: Uint8Array, index: number): boolean {
  assertIndex(bits, index, 'getBit');
  return ((bits[index >> 3]! >> (7 - (index & 7))) & 1) === 1;
}

/**
 * Set or clear one entry (bit order as in {@link getBit}).
 *
 * @throws RangeError when `index` is outside the list.
 * @example
 * ```ts
 * setBit(bits, 94567, true); // revoke the credential at index 94567
 * ```
 */
export function setBit(bits: Uint8Array, index: number, value: boolean): void {
  assertIndex(bits, index, 'setBit');
  const mask = 1 << (7 - (index & 7));
  const byte = index >> 3;
  bits[byte] = value ? bits[byte]! | mask : bits[byte]! & ~mask;
}

/**
 * Encode a bitstring for `credentialSubject.encodedList` (§2.2; §3.3 Bitstring Generation Algorithm):
 * GZIP (RFC 1952), then base64url without padding (RFC 4648 §5), with the multibase prefix `u`.
 *
 * @example
 * ```ts
 * encodeList(createBitstring()); // 'uH4sIAAAAAAAA…'
 * ```
 */
export function encodeList(bits: Uint8Array): string {
  if (!(bits instanceof Uint8Array)) throw new TypeError('encodeList: bits must be a Uint8Array');
  return `u${gzipSync(bits, { level: 9 }).toString('base64url')}`;
}

const GZIP_B64_START = 'H4sI'; // base64 of the gzip magic 1f 8b and method 08 (RFC 1952 §2.3.1)

/**
 * Decode an `encodedList` (§3.4 Bitstring Expansion Algorithm).
 *
 * Accepts the multibase form (`u` + base64url, as the spec requires) and, for older publishers, bare
 * base64url. The two cannot be confused: bare base64url of gzip always starts with `H4sI`. Refuses
 * padding, other alphabets and any output over {@link MAX_DECODED_BYTES} (zip bombs; decompression
 * stops at the limit rather than after it).
 *
 * @throws DecodeListError with `code` `empty`, `bad_prefix`, `not_base64url`, `not_gzip` or `too_large`.
 * @example
 * ```ts
 * const bits = decodeList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
 * bits.length; // 16384 bytes = 131,072 entries, all zero
 * ```
 */
export function decodeList(encoded: string): Uint8Array {
  if (typeof encoded !== 'string' || encoded.length === 0) throw new DecodeListError('empty', 'empty list');
  let body: string;
  if (encoded.startsWith('u')) body = encoded.slice(1);
  else if (encoded.startsWith(GZIP_B64_START)) body = encoded;
  else throw new DecodeListError('bad_prefix', 'encodedList must start with the multibase prefix "u"');
  // RFC 4648 §5 alphabet, no padding; a length of 1 mod 4 cannot come from any byte string.
  if (!/^[A-Za-z0-9_-]+$/.test(body) || body.length % 4 === 1) {
    throw new DecodeListError('not_base64url', 'encodedList is not base64url without padding');
  }
  const compressed = Buffer.from(body, 'base64url');
  if (compressed.length < 18 || compressed[0] !== 0x1f || compressed[1] !== 0x8b) {
    throw new DecodeListError('not_gzip', 'encodedList is not GZIP data');
  }
  let bits: Buffer;
  try {
    bits = gunzipSync(compressed, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new DecodeListError('too_large', `decompressed list exceeds ${MAX_DECODED_BYTES} bytes`);
    }
    throw new DecodeListError('not_gzip', 'encodedList is not valid GZIP data');
  }
  if (bits.length === 0) throw new DecodeListError('empty', 'decompressed list is empty');
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.length);
}

const RANDOM_PROBES = 64;

/**
 * Choose a free index at random (§2.1 `statusListIndex`: "Implementations SHOULD assign indexes
 * randomly" so that position reveals neither recency nor group size). Never returns an index for which
 * `isTaken` is true.
 *
 * Tries up to 64 random indexes, then scans from a random start so a nearly full list still finishes.
 *
 * @param isTaken - whether an index is already allocated (e.g. a Set lookup).
 * @param size - list size in entries.
 * @param random - `random(n)` returns an integer in [0, n); default `crypto.randomInt`.
 * @throws RangeError when every index is taken.
 * @example
 * ```ts
 * const index = pickFreeIndex((i) => used.has(i), DEFAULT_LIST_SIZE);
 * ```
 */
export function pickFreeIndex(
  isTaken: (i: number) => boolean,
  size: number,
  random: (n: number) => number = randomInt,
): number {
  if (!Number.isInteger(size) || size <= 0)
    throw new TypeError('pickFreeIndex: size must be a positive integer');
  const draw = (): number => {
    const n = random(size);
    if (!Number.isInteger(n) || n < 0 || n >= size) {
      throw new TypeError('pickFreeIndex: random(n) must return an integer in [0, n)');
    }
    return n;
  };
  for (let probe = 0; probe < RANDOM_PROBES; probe++) {
    const candidate = draw();
    if (!isTaken(candidate)) return candidate;
  }
  const start = draw();
  for (let offset = 0; offset < size; offset++) {
    const candidate = (start + offset) % size;
    if (!isTaken(candidate)) return candidate;
  }
  throw new RangeError('pickFreeIndex: the status list is full');
}
