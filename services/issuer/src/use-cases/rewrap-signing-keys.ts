import { rewrapSealedKeys } from '@sp/crypto';
import type { IssuerContext } from '../context.js';

/**
 * KEK rotation for organisation signing keys: re-seals every key still sealed under the previous
 * key-encryption key under the current one (`rewrapSealedKeys` of `@sp/crypto`). Safe to run while serving
 * (both keys open envelopes meanwhile) and to run again. Rows neither key opens are left as they are and
 * counted in `unopenable` (their ids are logged).
 * @example const { rewrapped } = await rewrapSigningKeys(ctx);
 */
export async function rewrapSigningKeys(
  ctx: Pick<IssuerContext, 'kek' | 'previousKek' | 'signingKeys' | 'logger'>,
): Promise<{ scanned: number; rewrapped: number; unopenable: number }> {
  const { scanned, rewrapped, unopenable } = await rewrapSealedKeys(
    { page: ctx.signingKeys.sealedPage, replace: ctx.signingKeys.replaceSealed },
    { current: ctx.kek, previous: ctx.previousKek },
    { logger: ctx.logger, what: 'signing keys' },
  );
  return { scanned, rewrapped, unopenable: unopenable.length };
}
