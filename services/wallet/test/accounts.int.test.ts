import { KeyUnsealError, openPrivateKey, parseKek } from '@sp/crypto';
import { jwkFromDidJwk } from '@sp/did';
import { createSignInLimiter } from '@sp/http-kit';
import { call, signUp, startTestWallet, type TestWallet, uniqueEmail } from './helpers.js';

let sut: TestWallet;
beforeAll(async () => {
  sut = await startTestWallet();
});
afterAll(async () => {
  await sut.close();
});

describe('accounts and sessions', () => {
  test('sign up creates a worker with a did:jwk holder key and a working session', async () => {
    const email = uniqueEmail();
    const res = await call(sut.api, 'POST', '/v1/accounts', {
      body: { email, name: 'Laura Example', password: 'correct horse battery' },
    });
    expect(res.status).toBe(201);
    expect(res.body.worker).toMatchObject({ email, name: 'Laura Example' });
    expect(res.body.worker.did).toMatch(/^did:jwk:/);
    expect(jwkFromDidJwk(res.body.worker.did)).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
    expect(res.body.session.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const me = await call(sut.api, 'GET', '/v1/me', { token: res.body.session.token });
    expect(me.status).toBe(200);
    expect(me.body.worker).toEqual(res.body.worker);
  });

  test('the holder private key is sealed at rest and bound to the worker id (AAD)', async () => {
    const { worker } = await signUp(sut.api);
    const row = await sut.db.prisma.worker.findUniqueOrThrow({ where: { id: worker.id } });
    expect(row.sealedPrivateKey).toMatch(/^v1\./);
    expect(row.sealedPrivateKey).not.toContain('"d"');
    const kek = parseKek(sut.kek);
    const jwk = openPrivateKey(row.sealedPrivateKey, kek, worker.id);
    expect(jwk.d).toBeDefined();
    expect(jwk.x).toBe(jwkFromDidJwk(worker.did).x);
    expect(() => openPrivateKey(row.sealedPrivateKey, kek, '00000000-0000-0000-0000-000000000000')).toThrow(
      KeyUnsealError,
    );
    expect(row.passwordHash).toMatch(/^\$scrypt\$/);
  });

  test('duplicate email (any case) is 409 conflict', async () => {
    const email = uniqueEmail();
    await signUp(sut.api, { email });
    const res = await call(sut.api, 'POST', '/v1/accounts', {
      body: { email: email.toUpperCase(), name: 'Other', password: 'another password' },
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('conflict');
  });

  test('a password shorter than 10 characters is validation_failed', async () => {
    const res = await call(sut.api, 'POST', '/v1/accounts', {
      body: { email: uniqueEmail(), name: 'Short', password: 'short' },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors[0].path).toBe('/body/password');
  });

  test('sign in with the right password opens a new session', async () => {
    const { worker, password } = await signUp(sut.api);
    const res = await call(sut.api, 'POST', '/v1/sessions', { body: { email: worker.email, password } });
    expect(res.status).toBe(201);
    expect(typeof res.body.token).toBe('string');
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);
    expect((await call(sut.api, 'GET', '/v1/me', { token: res.body.token })).status).toBe(200);
  });

  test('wrong password and unknown email give the same 401', async () => {
    const { worker } = await signUp(sut.api);
    const wrong = await call(sut.api, 'POST', '/v1/sessions', {
      body: { email: worker.email, password: 'not the password' },
    });
    const unknown = await call(sut.api, 'POST', '/v1/sessions', {
      body: { email: uniqueEmail('nobody'), password: 'not the password' },
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined, instance: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    expect(wrong.body.code).toBe('unauthorized');
  });

  test('after 10 wrong passwords the email is refused for a while (429), even with the right one; others are not', async () => {
    const { worker, password } = await signUp(sut.api);
    for (let i = 0; i < 10; i++) {
      const wrong = await call(sut.api, 'POST', '/v1/sessions', {
        body: { email: worker.email, password: `guess ${i}` },
      });
      expect(wrong.status).toBe(401);
    }
    // The email in another case is the same account: the counter is per email, case-blind.
    const limited = await call(sut.api, 'POST', '/v1/sessions', {
      body: { email: worker.email.toUpperCase(), password },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.stringify(limited.body)).not.toContain(password);
    const other = await signUp(sut.api);
    const fine = await call(sut.api, 'POST', '/v1/sessions', {
      body: { email: other.worker.email, password: other.password },
    });
    expect(fine.status).toBe(201);
  });

  test('two wallet replicas on one Redis count failures together: 5 on each lock the email on both', async () => {
    // Two wallet processes of one deployment: the same database and the same Redis namespace (QUEUE_PREFIX).
    const queuePrefix = `wallet-replicas-${Date.now().toString(36)}`;
    const one = await startTestWallet({ queuePrefix });
    const two = await startTestWallet({ queuePrefix });
    try {
      const { worker, password } = await signUp(one.api);
      for (let i = 0; i < 10; i++) {
        const wrong = await call(i % 2 ? one.api : two.api, 'POST', '/v1/sessions', {
          body: { email: worker.email, password: `guess ${i}` },
        });
        expect(wrong.status).toBe(401);
      }
      for (const replica of [one, two]) {
        const limited = await call(replica.api, 'POST', '/v1/sessions', {
          body: { email: worker.email, password },
        });
        expect(limited.status).toBe(429);
      }
    } finally {
      await Promise.all([one.close(), two.close()]);
    }
  });

  test('no token, a bad token and a signed-out token are 401 with a Bearer challenge', async () => {
    const { token } = await signUp(sut.api);
    const none = await call(sut.api, 'GET', '/v1/me');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await call(sut.api, 'GET', '/v1/me', { token: 'x'.repeat(43) })).status).toBe(401);
    expect((await call(sut.api, 'DELETE', '/v1/sessions/current', { token })).status).toBe(204);
    expect((await call(sut.api, 'GET', '/v1/me', { token })).status).toBe(401);
  });

  test('a session stops working after WALLET_SESSION_TTL_HOURS (default 12)', async () => {
    const { token } = await signUp(sut.api);
    sut.clock.advanceMinutes(12 * 60 + 1);
    try {
      expect((await call(sut.api, 'GET', '/v1/me', { token })).status).toBe(401);
    } finally {
      sut.clock.advanceMinutes(-(12 * 60 + 1));
    }
  });

  test('openapi.json documents the wallet routes', async () => {
    const res = await call(sut.api, 'GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts', '/v1/offers/accept', '/v1/shares/{id}', '/shares/{token}']),
    );
  });
});

describe('sign-in limiting per client address (password spraying)', () => {
  // Behind a trusted proxy on loopback, X-Forwarded-For names the client; a small per-client limit keeps the
  // test short (the default is 100 failures in 15 minutes).
  let proxied: TestWallet;
  beforeAll(async () => {
    proxied = await startTestWallet({
      trustProxy: 'loopback',
      signInLimiter: createSignInLimiter({ perClient: { maxFailures: 3 } }),
    });
  });
  afterAll(async () => {
    await proxied.close();
  });
  const signInFrom = (client: string, email: string, password: string) =>
    call(proxied.api, 'POST', '/v1/sessions', {
      body: { email, password },
      headers: { 'x-forwarded-for': client },
    });

  test('one wrong password on each of several accounts from one client refuses that client (429), not others', async () => {
    const victims = [await signUp(proxied.api), await signUp(proxied.api), await signUp(proxied.api)];
    for (const v of victims)
      expect((await signInFrom('198.51.100.7', v.worker.email, 'Summer2026!')).status).toBe(401);
    // No account reached its own limit of 10, yet the client is refused, even with a right password.
    const owner = await signUp(proxied.api);
    const limited = await signInFrom('198.51.100.7', owner.worker.email, owner.password);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client, and the same people from elsewhere, are not affected.
    expect((await signInFrom('203.0.113.9', owner.worker.email, owner.password)).status).toBe(201);
    expect((await signInFrom('203.0.113.9', victims[0]!.worker.email, victims[0]!.password)).status).toBe(
      201,
    );
  });
});
