import { rewrapPrivateKey } from '@sp/crypto';
import type { IssuerContext } from '../context.js';

const PAGE = 200;

/**
 * KEK rotation: re-seals every signing key still sealed under the previous key-encryption key under the
 * current one, a page at a time, each row replaced only if unchanged since it was read. Safe to run while
 * serving (both keys open envelopes meanwhile) and to run again. Returns counts; throws if an envelope opens
 * under neither key (it is left as it is).
 * @example const { rewrapped } = await rewrapSigningKeys(ctx);
 */
export async function rewrapSigningKeys(
  ctx: Pick<IssuerContext, 'kek' | 'previousKek' | 'signingKeys' | 'logger'>,
): Promise<{ scanned: number; rewrapped: number }> {
  let after: string | null = null;
  let scanned = 0;
  let rewrapped = 0;
  for (;;) {
    const page = await ctx.signingKeys.sealedPage(after, PAGE);
    if (page.length === 0) break;
    for (const row of page) {
      scanned++;
      const sealed = rewrapPrivateKey(
        row.sealedPrivateKey,
        { current: ctx.kek, previous: ctx.previousKek },
        row.id,
      );
      if (sealed && (await ctx.signingKeys.replaceSealed(row.id, row.sealedPrivateKey, sealed))) rewrapped++;
    }
    after = page.at(-1)?.id ?? null;
  }
  ctx.logger.info({ scanned, rewrapped }, 'signing keys re-wrapped under the current key-encryption key');
  return { scanned, rewrapped };
}
