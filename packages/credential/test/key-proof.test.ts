import { createKeyProofJwt, verifyKeyProofJwt } from '../src/index.js';
import { HOLDER_DID, keys, memoryResolver, rawSign } from './helpers.js';

const ISSUER_URL = 'https://issuer.example';
const NOW = new Date('2025-06-01T12:00:00Z');
const iat = NOW.getTime() / 1000;
const header = { alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: keys.holder.kid };

const make = (o: Partial<Parameters<typeof createKeyProofJwt>[0]> = {}) =>
  createKeyProofJwt({
    holderDid: keys.holder.did,
    kid: keys.holder.kid,
    privateJwk: keys.holder.privateJwk,
    alg: 'EdDSA',
    audience: ISSUER_URL,
    nonce: 'c-nonce-1',
    now: NOW,
    ...o,
  });

const verify = (jwt: string, o: { now?: Date; maxAgeSeconds?: number } = {}) =>
  verifyKeyProofJwt(jwt, { audience: ISSUER_URL, resolver: memoryResolver(), now: NOW, ...o });

describe('createKeyProofJwt', () => {
  it('makes an OpenID4VCI jwt proof without iss (pre-authorized code, anonymous)', async () => {
    const [h, p] = (await make()).split('.') as [string, string];
    expect(JSON.parse(Buffer.from(h, 'base64url').toString())).toEqual(header);
    expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toEqual({
      aud: ISSUER_URL,
      iat,
      nonce: 'c-nonce-1',
    });
  });

  it('throws TypeError when kid is not a key of the holder DID', async () => {
    await expect(make({ kid: keys.otherHolder.kid })).rejects.toThrow(TypeError);
  });
});

describe('verifyKeyProofJwt', () => {
  it('returns the holder DID and the nonce', async () => {
    await expect(verify(await make())).resolves.toEqual({
      ok: true,
      holderDid: HOLDER_DID,
      nonce: 'c-nonce-1',
    });
  });

  it.each([
    ['wrong audience', async () => make({ audience: 'https://other-issuer.example' }), 'wrong_audience'],
    [
      'typ JWT',
      async () =>
        rawSign({ ...header, typ: 'JWT' }, { aud: ISSUER_URL, iat, nonce: 'n' }, keys.holder.privateJwk),
      'typ_not_allowed',
    ],
    [
      'an embedded jwk header',
      async () =>
        rawSign(
          { ...header, jwk: keys.holder.publicJwk },
          { aud: ISSUER_URL, iat, nonce: 'n' },
          keys.holder.privateJwk,
        ),
      'embedded_key_refused',
    ],
    [
      'no nonce',
      async () => rawSign(header, { aud: ISSUER_URL, iat }, keys.holder.privateJwk),
      'nonce_missing',
    ],
    [
      'iat as a string',
      async () => rawSign(header, { aud: ISSUER_URL, iat: String(iat), nonce: 'n' }, keys.holder.privateJwk),
      'claims_invalid',
    ],
    [
      'signed by another key',
      async () => rawSign(header, { aud: ISSUER_URL, iat, nonce: 'n' }, keys.otherHolder.privateJwk),
      'signature_invalid',
    ],
    [
      'a kid that is not a DID URL',
      async () =>
        rawSign({ ...header, kid: 'key-1' }, { aud: ISSUER_URL, iat, nonce: 'n' }, keys.holder.privateJwk),
      'key_not_found',
    ],
    [
      'alg none',
      async () => `${Buffer.from(JSON.stringify({ ...header, alg: 'none' })).toString('base64url')}.e30.`,
      'alg_not_allowed',
    ],
    ['garbage', async () => 'not-a-jwt', 'malformed_jwt'],
  ])('refuses %s', async (_label, build, reason) => {
    await expect(verify(await build())).resolves.toMatchObject({ ok: false, reason });
  });

  it('refuses a proof older than maxAgeSeconds and one from the future', async () => {
    const old = await make({ now: new Date(NOW.getTime() - 301_000) });
    await expect(verify(old)).resolves.toMatchObject({ ok: false, reason: 'expired' });
    await expect(verify(old, { maxAgeSeconds: 600 })).resolves.toMatchObject({ ok: true });
    const future = await make({ now: new Date(NOW.getTime() + 120_000) });
    await expect(verify(future)).resolves.toMatchObject({ ok: false, reason: 'not_yet_valid' });
  });
});
