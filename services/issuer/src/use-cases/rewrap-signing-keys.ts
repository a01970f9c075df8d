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
  const result = await rewrapSealedKeys(
    { page: ctx.signingKeys.sealedPage, replace: ctx.signingKeys.replaceSealed },
    { current: ctx.kek, previous: ctx.previousKek },
  );
  if (result.unopenable.length > 0) {
    ctx.logger.error(
      { keyIds: result.unopenable.slice(0, 20) },
      'signing keys open under neither key-encryption key',
    );
  }
  ctx.logger.info(
    { scanned: result.scanned, rewrapped: result.rewrapped, unopenable: result.unopenable.length },
    'signing keys re-wrapped under the current key-encryption key',
  );
  return { scanned: result.scanned, rewrapped: result.rewrapped, unopenable: result.unopenable.length };
}
