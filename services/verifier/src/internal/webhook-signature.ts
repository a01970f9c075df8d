import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
export const SIGNATURE_HEADER = 'X-Skills-Passport-Signature';

/**
 * Signs a webhook body: HMAC-SHA256 with the subscription's secret over `<t>.<raw body>` (the timestamp is
 * inside the MAC so a captured request cannot be replayed later with a fresh `t`).
 * @example const header = signWebhookBody(secret, body, Math.floor(Date.now() / 1000)); // 't=…,v1=…'
 */
export function signWebhookBody(secret: string, body: string, timestampSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${mac}`;
}

/**
 * What a receiver does: checks the header against the raw body and the secret, within `toleranceSeconds`
 * of `nowSeconds` (default 300).
 * @example verifyWebhookSignature(secret, rawBody, req.headers['x-skills-passport-signature'], Date.now() / 1000);
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string | undefined,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts['t']);
  const given = parts['v1'];
  if (!Number.isInteger(t) || typeof given !== 'string' || Math.abs(nowSeconds - t) > toleranceSeconds)
    return false;
  const expected = signWebhookBody(secret, body, t).slice(`t=${t},v1=`.length);
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
