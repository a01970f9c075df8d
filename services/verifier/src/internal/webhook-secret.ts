import { openPrivateKey, sealPrivateKey } from '@sp/crypto';

/**
 * Seals a webhook secret under the KEK, bound to its subscription id (AAD). The secret is wrapped as an
 * RFC 7517 symmetric JWK (`kty: oct`), which is what it is: an HMAC key.
 * @example const sealed = sealWebhookSecret(secret, kek, subscriptionId);
 */
export function sealWebhookSecret(secret: string, kek: Uint8Array, subscriptionId: string): string {
  return sealPrivateKey(
    { kty: 'oct', k: Buffer.from(secret, 'utf8').toString('base64url') },
    kek,
    subscriptionId,
  );
}

/**
 * Opens a secret sealed by {@link sealWebhookSecret}; `kek` may list the keys to try, current first (during a KEK
 * rotation: `[kek, previousKek]`). Throws `KeyUnsealError` when none opens it (or for a wrong id).
 * @example const secret = openWebhookSecret(row.sealedSecret, [kek, previousKek], row.id);
 */
export function openWebhookSecret(
  sealed: string,
  kek: Uint8Array | readonly Uint8Array[],
  subscriptionId: string,
): string {
  const jwk = openPrivateKey(sealed, kek, subscriptionId);
  return Buffer.from(String(jwk.k), 'base64url').toString('utf8');
}
