import { signRegisterJwt } from '@sp/credential';
import { generateSigningKey } from '@sp/crypto';
import { createKeyResolver, createSafeFetcher, didJwkFromJwk } from '@sp/did';
import { createRegisterCache } from './register-cache.js';

describe('createRegisterCache', () => {
  it('serves the verified register while it is valid and refuses it, even cached, once past its exp', async () => {
    const scheme = await generateSigningKey('EdDSA');
    const did = didJwkFromJwk(scheme.publicJwk);
    const signedAt = new Date('2026-11-01T00:00:00Z');
    const jwt = await signRegisterJwt({
      register: { version: 3, issuedAt: signedAt.toISOString(), issuers: [] },
      schemeDid: did,
      kid: `${did}#0`,
      privateJwk: scheme.privateJwk,
      alg: 'EdDSA',
      now: signedAt,
    });
    // The cached fetcher hands back the same Buffer while its copy is fresh.
    const body = Buffer.from(jwt);
    let fetches = 0;
    let t = signedAt.getTime() + 3600_000;
    const sut = createRegisterCache({
      url: 'https://scheme.example/.well-known/recognised-issuers',
      did,
      resolver: createKeyResolver({ fetcher: createSafeFetcher() }),
      now: () => new Date(t),
      fetch: async () => {
        fetches++;
        return { body, text: () => body.toString('utf8') };
      },
    });
    expect((await sut.current()).register.version).toBe(3);
    t = signedAt.getTime() + 23 * 3600_000;
    expect((await sut.current()).register.version).toBe(3);
    t = signedAt.getTime() + 24 * 3600_000;
    await expect(sut.current()).rejects.toThrow(/expired/);
    expect(fetches).toBe(3);
  });
});
