import { rewrapSealedKeys, type SealedKeySource } from '@sp/crypto';
import type { Logger } from '@sp/http-kit';

/**
 * KEK rotation for workers' holder keys: re-seals every key still sealed under the previous key-encryption
 * key under the current one. Safe while serving (both keys open envelopes meanwhile) and safe to repeat.
 * @example await rewrapHolderKeys({ holderKeys: createHolderKeyStore(db), kek, previousKek, logger });
 */
export async function rewrapHolderKeys(deps: {
  holderKeys: SealedKeySource;
  kek: Uint8Array;
  previousKek: Uint8Array | undefined;
  logger: Logger;
}): Promise<{ scanned: number; rewrapped: number; unopenable: number }> {
  const result = await rewrapSealedKeys(deps.holderKeys, { current: deps.kek, previous: deps.previousKek });
  if (result.unopenable.length > 0) {
    deps.logger.error(
      { workerIds: result.unopenable.slice(0, 20) },
      'holder keys open under neither key-encryption key',
    );
  }
  deps.logger.info(
    { scanned: result.scanned, rewrapped: result.rewrapped, unopenable: result.unopenable.length },
    'holder keys re-wrapped under the current key-encryption key',
  );
  return { scanned: result.scanned, rewrapped: result.rewrapped, unopenable: result.unopenable.length };
}
