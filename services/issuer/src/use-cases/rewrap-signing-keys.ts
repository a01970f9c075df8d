import { KeyUnsealError, rewrapPrivateKey } from '@sp/crypto';
import type { IssuerContext } from '../context.js';

const PAGE = 200;

/**
 * KEK rotation: re-seals every signing key still sealed under the previous key-encryption key under the
 * current one, a page at a time, each row replaced only if unchanged since it was read. Safe to run while
 * serving (both keys open envelopes meanwhile) and to run again. An envelope that opens under neither key is
 * left as it is and counted in `unopenable` (logged by row id), so one bad row does not stop the rest.
 * @example const { rewrapped } = await rewrapSigningKeys(ctx);
 */
export async function rewrapSigningKeys(
  ctx: Pick<IssuerContext, 'kek' | 'previousKek' | 'signingKeys' | 'logger'>,
): Promise<{ scanned: number; rewrapped: number; unopenable: number }> {
  let after: string | null = null;
  let scanned = 0;
  let rewrapped = 0;
  let unopenable = 0;
  for (;;) {
    const page = await ctx.signingKeys.sealedPage(after, PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      scanned++;
      let sealed: string | null;
      try {
        sealed = rewrapPrivateKey(
          row.sealedPrivateKey,
          { current: ctx.kek, previous: ctx.previousKek },
          row.id,
        );
      } catch (err) {
        if (!(err instanceof KeyUnsealError)) throw err;
        unopenable++;
        ctx.logger.error({ keyId: row.id }, 'signing key opens under neither key-encryption key');
        continue;
      }
      if (sealed && (await ctx.signingKeys.replaceSealed(row.id, row.sealedPrivateKey, sealed))) rewrapped++;
    }
    after = page.at(-1)?.id ?? null;
  }
  ctx.logger.info(
    { scanned, rewrapped, unopenable },
    'signing keys re-wrapped under the current key-encryption key',
  );
  return { scanned, rewrapped, unopenable };
}
