import { z } from 'zod';
import { encodeList } from './bitstring.js';

/** The status purposes we issue (§2.1 `statusPurpose`; `message` is not used by this product). */
export type StatusPurpose = 'revocation' | 'suspension';

/**
 * A `BitstringStatusListEntry` as found in a credential's `credentialStatus` (§2.1). Unknown extra
 * members are kept. `statusListIndex` is a base-10 integer string; `statusSize`, when present, must be 1
 * (we implement only one-bit entries, which §1.3 allows).
 */
export const zBitstringStatusListEntry = z.looseObject({
  id: z.string().optional(),
  type: z.literal('BitstringStatusListEntry'),
  statusPurpose: z.string().min(1),
  statusListIndex: z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'a base-10 integer string'),
  statusListCredential: z.url(),
  statusSize: z.literal(1).optional(),
});
export type BitstringStatusListEntry = z.output<typeof zBitstringStatusListEntry>;

/** The `credentialSubject` of a `BitstringStatusListCredential` (§2.2). */
export const zBitstringStatusListSubject = z.looseObject({
  id: z.string().optional(),
  type: z.literal('BitstringStatusList'),
  statusPurpose: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
  encodedList: z.string().min(1),
  ttl: z.number().int().nonnegative().optional(),
});
export type BitstringStatusListSubject = z.output<typeof zBitstringStatusListSubject>;

function isoSeconds(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new TypeError('expected a valid Date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The unsigned `BitstringStatusListCredential` for a list (§2.2), in the spec's own shape (VCDM 2.0
 * context, `validFrom`/`validUntil`). Sign it with `signStatusListCredentialJwt` from `@sp/credential`.
 *
 * @param opts.id - the URL the list is published at; equals `statusListCredential` in entries.
 * @param opts.bits - the bitstring; it is GZIP-compressed and multibase-encoded here.
 * @example
 * ```ts
 * const vc = statusListCredentialPayload({
 *   id: 'https://issuer.example/status/7', issuer: 'did:web:issuer.example',
 *   purpose: 'revocation', bits, validFrom: now,
 * });
 * ```
 */
export function statusListCredentialPayload(opts: {
  id: string;
  issuer: string;
  purpose: StatusPurpose;
  bits: Uint8Array;
  validFrom?: Date;
  validUntil?: Date;
}): {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'BitstringStatusListCredential'];
  issuer: string;
  validFrom?: string;
  validUntil?: string;
  credentialSubject: {
    id: string;
    type: 'BitstringStatusList';
    statusPurpose: StatusPurpose;
    encodedList: string;
  };
} {
  if (!URL.canParse(opts.id)) throw new TypeError('statusListCredentialPayload: id must be a URL');
  if (opts.purpose !== 'revocation' && opts.purpose !== 'suspension') {
    throw new TypeError('statusListCredentialPayload: purpose must be revocation or suspension');
  }
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2'],
    id: opts.id,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: opts.issuer,
    ...(opts.validFrom ? { validFrom: isoSeconds(opts.validFrom) } : {}),
    ...(opts.validUntil ? { validUntil: isoSeconds(opts.validUntil) } : {}),
    credentialSubject: {
      id: `${opts.id}#list`,
      type: 'BitstringStatusList',
      statusPurpose: opts.purpose,
      encodedList: encodeList(opts.bits),
    },
  };
}

/**
 * The `credentialStatus` entry for one credential (§2.1). Its `id` is `<listUrl>#<index>`, which is not
 * the list URL itself, as §2.1 requires.
 *
 * @throws TypeError for a non-URL list, a negative or fractional index, or another purpose.
 * @example
 * ```ts
 * statusEntry({ listUrl: 'https://issuer.example/status/7', index: 94567, purpose: 'revocation' });
 * // { id: 'https://issuer.example/status/7#94567', type: 'BitstringStatusListEntry', statusListIndex: '94567', … }
 * ```
 */
export function statusEntry(opts: { listUrl: string; index: number; purpose: StatusPurpose }): {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: string;
  statusListIndex: string;
  statusListCredential: string;
} {
  if (!URL.canParse(opts.listUrl)) throw new TypeError('statusEntry: listUrl must be a URL');
  if (!Number.isSafeInteger(opts.index) || opts.index < 0) {
    throw new TypeError('statusEntry: index must be a non-negative integer');
  }
  if (opts.purpose !== 'revocation' && opts.purpose !== 'suspension') {
    throw new TypeError('statusEntry: purpose must be revocation or suspension');
  }
  return {
    id: `${opts.listUrl}#${opts.index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: opts.purpose,
    statusListIndex: String(opts.index),
    statusListCredential: opts.listUrl,
  };
}
