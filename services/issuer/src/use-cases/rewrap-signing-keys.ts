import { rewrapSealedKeys } from '@sp/crypto';
import type { IssuerContext } from '../context.js';

/**
 * KEK rotation for organisation signing keys and the scheme's register-signing keys: re-seals every key still sealed under the previous
 * key-encryption key under the current one (`rewrapSealedKeys` of `@sp/crypto`). Safe to run while serving
 * (both keys open envelopes meanwhile) and to run again. Rows neither key opens are left as they are and
 * counted in `unopenable` (their ids are logged).
 * @example const { rewrapped } = await rewrapSigningKeys(ctx);
 */
export async function rewrapSigningKeys(
  ctx: Pick<IssuerContext, 'kek' | 'previousKek' | 'signingKeys' | 'register' | 'logger'>,
): Promise<{ scanned: number; rewrapped: number; unopenable: number }> {
  const keks = { current: ctx.kek, previous: ctx.previousKek };
  const orgKeys = await rewrapSealedKeys(
    { page: ctx.signingKeys.sealedPage, replace: ctx.signingKeys.replaceSealed },
    keks,
    { logger: ctx.logger, what: 'signing keys' },
  );
  // The register is signed by the scheme's own key: it must survive a KEK rotation too.
  const schemeKeys = await rewrapSealedKeys(
    { page: ctx.register.sealedSchemeKeyPage, replace: ctx.register.replaceSealedSchemeKey },
    keks,
    { logger: ctx.logger, what: 'scheme keys' },
  );
  return {
    scanned: orgKeys.scanned + schemeKeys.scanned,
    rewrapped: orgKeys.rewrapped + schemeKeys.rewrapped,
    unopenable: orgKeys.unopenable.length + schemeKeys.unopenable.length,
  };
}
