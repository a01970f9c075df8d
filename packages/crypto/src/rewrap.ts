import { KeyUnsealError, rewrapPrivateKey } from './seal.js';

/** The two logger methods {@link rewrapSealedKeys} uses (pino's signature). */
export interface RewrapLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Where {@link rewrapSealedKeys} reads and writes envelopes (a service's store). */
export interface SealedKeySource {
  /** Up to `take` rows with id greater than `after` (null: from the start), in id order. */
  page(after: string | null, take: number): Promise<{ id: string; sealedPrivateKey: string }[]>;
  /** Replaces one envelope only if it is still `previous`; false when someone changed it meanwhile. */
  replace(id: string, previous: string, sealed: string): Promise<boolean>;
}

/**
 * KEK rotation over a whole table: every envelope that opens only under `keks.previous` is re-sealed under
 * `keks.current` (AAD = row id, as {@link sealPrivateKey} is used throughout), a page at a time. Safe while
 * serving and safe to repeat. Rows neither key opens are left alone and reported by id in `unopenable`.
 * With a `logger`, the outcome is logged as one info line (and the first unopenable row ids as an error),
 * naming `what` was re-wrapped; ids only, never key material.
 *
 * @example
 * ```ts
 * const { rewrapped } = await rewrapSealedKeys(store, { current: kek, previous: oldKek }, { logger, what: 'signing keys' });
 * ```
 */
export async function rewrapSealedKeys(
  source: SealedKeySource,
  keks: { current: Uint8Array; previous?: Uint8Array | undefined },
  opts: { pageSize?: number; logger?: RewrapLogger; what?: string } = {},
): Promise<{ scanned: number; rewrapped: number; unopenable: string[] }> {
  const take = opts.pageSize ?? 200;
  let after: string | null = null;
  let scanned = 0;
  let rewrapped = 0;
  const unopenable: string[] = [];
  for (;;) {
    const page = await source.page(after, take);
    if (page.length === 0) break;
    for (const row of page) {
      scanned++;
      let sealed: string | null;
      try {
        sealed = rewrapPrivateKey(row.sealedPrivateKey, keks, row.id);
      } catch (err) {
        if (!(err instanceof KeyUnsealError)) throw err;
        unopenable.push(row.id);
        continue;
      }
      if (sealed && (await source.replace(row.id, row.sealedPrivateKey, sealed))) rewrapped++;
    }
    after = page.at(-1)?.id ?? null;
  }
  const what = opts.what ?? 'keys';
  if (unopenable.length > 0) {
    opts.logger?.error({ ids: unopenable.slice(0, 20) }, `${what} open under neither key-encryption key`);
  }
  opts.logger?.info(
    { scanned, rewrapped, unopenable: unopenable.length },
    `${what} re-wrapped under the current key-encryption key`,
  );
  return { scanned, rewrapped, unopenable };
}
