/**
 * People of employer accounts over HTTP (real PostgreSQL and Redis): the operator's invite API, accepting an
 * invite on the page (CSRF-protected, single use), sign-in, the session cookie's attributes, and the pages'
 * "missing or not yours" answer.
 */
import { randomUUID } from 'node:crypto';
import { type Database, openDatabase } from '@sp/db';
import { createLogger } from '@sp/http-kit';
import { createRedis, type Redis } from '@sp/queue';
import type { VerifierConfig } from '../src/config.js';
import { type RunningVerifier, startVerifier } from '../src/service.js';
import { TEST_DATABASE_URL, testVerifierConfig } from './fixture.js';

const ADMIN = `admin-${randomUUID()}`;
const PASSWORD = 'correct horse battery staple';
let db: Database;
let redis: Redis;
let sut: RunningVerifier;

const config: VerifierConfig = testVerifierConfig(ADMIN);

beforeAll(async () => {
  db = await openDatabase({ url: TEST_DATABASE_URL });
  redis = createRedis('redis://127.0.0.1:6379');
  sut = await startVerifier(config, {
    logger: createLogger({ service: 'verifier-test', level: 'silent' }),
    db,
    redis,
  });
});
afterAll(async () => {
  await sut.close();
  redis.disconnect();
  await db.close();
});

async function admin(path: string, body: unknown, token: string | undefined = ADMIN) {
  const res = await fetch(`${sut.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as any };
}

/** A tiny cookie jar: a browser's view of one person. */
function browser() {
  const jar = new Map<string, string>();
  const send = async (path: string, init: { form?: Record<string, string> } = {}) => {
    const res = await fetch(path.startsWith('http') ? path : `${sut.baseUrl}${path}`, {
      method: init.form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair] = c.split(';');
      const [k, v] = (pair ?? '').split('=');
      if (k) v ? jar.set(k, v) : jar.delete(k);
    }
    const html = await res.text();
    return {
      status: res.status,
      location: res.headers.get('location'),
      html,
      setCookies,
      csrf: /name="_csrf" value="([^"]+)"/.exec(html)?.[1],
    };
  };
  return { send, jar };
}

async function newAccount() {
  const r = await admin('/v1/admin/accounts', { name: `Care home ${randomUUID().slice(0, 8)}` });
  expect(r.status).toBe(201);
  return r.body.account.id as string;
}

test('the invite API: 201 with a single-use link; 409 for a taken email; 404 for an unknown account; 401 without the admin token', async () => {
  const accountId = await newAccount();
  const email = `mo-${randomUUID()}@example.org`;
  const sut1 = await admin('/v1/admin/people', { accountId, email, name: 'Mo Manager' });
  expect(sut1.status).toBe(201);
  expect(sut1.body.inviteUrl).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  expect((await admin('/v1/admin/people', { accountId, email, name: 'Mo Again' })).body.code).toBe(
    'conflict',
  );
  const unknown = await admin('/v1/admin/people', {
    accountId: randomUUID(),
    email: `x-${randomUUID()}@example.org`,
    name: 'X',
  });
  expect(unknown.body.code).toBe('not_found');
  expect(
    (await admin('/v1/admin/people', { accountId, email: 'y@example.org', name: 'Y' }, 'wrong')).status,
  ).toBe(401);
});

test('accepting an invite needs the CSRF token, signs in with an httpOnly SameSite cookie, and works once', async () => {
  const accountId = await newAccount();
  const email = `mo-${randomUUID()}@example.org`;
  const { body } = await admin('/v1/admin/people', { accountId, email, name: 'Mo Manager' });
  const token = new URL(body.inviteUrl).searchParams.get('token') as string;
  const b = browser();

  const page = await b.send(`/invite?token=${token}`);
  expect(page.status).toBe(200);
  expect(page.html).toContain('Mo Manager');
  const csp = (await fetch(`${sut.baseUrl}/sign-in`)).headers.get('content-security-policy') ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-/);
  expect(csp).not.toContain('unsafe-inline');

  const forged = await b.send('/invite', { form: { token, password: PASSWORD } });
  expect(forged.status).toBe(403);
  const short = await b.send('/invite', { form: { _csrf: page.csrf as string, token, password: 'short' } });
  expect(short.status).toBe(400);
  expect(short.html).toContain('Enter a password that is at least 10 characters long');

  const accepted = await b.send('/invite', {
    form: { _csrf: page.csrf as string, token, password: PASSWORD },
  });
  expect(accepted.status).toBe(303);
  expect(accepted.location).toBe('/checks/new');
  const cookie = accepted.setCookies.find((c) => c.startsWith('sp_verifier_session=')) ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Lax/);
  expect((await b.send('/checks')).status).toBe(200);

  // Spent: the same link is "not found" now, like a link that never existed.
  expect((await browser().send(`/invite?token=${token}`)).status).toBe(404);
  expect((await browser().send('/invite?token=nope')).status).toBe(404);

  // Sign in again: a wrong password and an unknown email read the same.
  const c = browser();
  const form = await c.send('/sign-in');
  const wrong = await c.send('/sign-in', {
    form: { _csrf: form.csrf as string, email, password: 'not the password' },
  });
  const unknown = await c.send('/sign-in', {
    form: { _csrf: form.csrf as string, email: `no-${email}`, password: PASSWORD },
  });
  expect(wrong.status).toBe(401);
  expect(unknown.status).toBe(401);
  expect(wrong.html).toContain('Your email address or password is wrong');
  const ok = await c.send('/sign-in', { form: { _csrf: form.csrf as string, email, password: PASSWORD } });
  expect(ok.status).toBe(303);
});

test('ten wrong passwords for one email lock its sign-in for a while (429 page with Retry-After)', async () => {
  const email = `locked-${randomUUID().slice(0, 8)}@example.org`;
  const c = browser();
  const form = await c.send('/sign-in');
  for (let i = 0; i < 10; i++) {
    const wrong = await c.send('/sign-in', {
      form: { _csrf: form.csrf as string, email, password: `guess ${i}` },
    });
    expect(wrong.status).toBe(401);
  }
  const locked = await c.send('/sign-in', { form: { _csrf: form.csrf as string, email, password: 'any' } });
  expect(locked.status).toBe(429);
  expect(locked.html).toContain('Too many failed attempts');
});

test('pages need a session; another account’s check reads like a missing one', async () => {
  const anon = await browser().send('/checks');
  expect(anon.status).toBe(303);
  expect(anon.location).toBe('/sign-in?next=%2Fchecks');

  const accountId = await newAccount();
  const { body } = await admin('/v1/admin/people', {
    accountId,
    email: `mo-${randomUUID()}@example.org`,
    name: 'Mo',
  });
  const b = browser();
  const page = await b.send(body.inviteUrl.replace(/^https?:\/\/[^/]+/, ''));
  await b.send('/invite', {
    form: {
      _csrf: page.csrf as string,
      token: new URL(body.inviteUrl).searchParams.get('token') as string,
      password: PASSWORD,
    },
  });
  // A check stored by another employer (a presentation that fails is still a stored result).
  const other = await admin('/v1/admin/accounts', { name: 'Other care home' });
  const theirs = await fetch(`${sut.baseUrl}/v1/verifications`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${other.body.apiKey}` },
    body: JSON.stringify({ presentation: 'a.b.c', audience: 'https://verifier.example', nonce: 'nonce-123' }),
  });
  expect(theirs.status).toBe(201);
  const theirId = ((await theirs.json()) as { id: string }).id;
  const notYours = await b.send(`/checks/${theirId}`);
  expect(notYours.status).toBe(404);
  expect((await b.send('/checks')).html).not.toContain(theirId);
  const missing = await b.send(`/checks/${randomUUID()}`);
  const malformed = await b.send('/checks/not-a-uuid');
  expect(missing.status).toBe(404);
  expect(malformed.status).toBe(404);
  expect(missing.html).toContain('Page not found');
  const strip = (html: string) => html.replace(/nonce="[^"]+"/g, '').replace(/value="[0-9a-f]{64}"/g, '');
  expect(strip(notYours.html)).toBe(strip(missing.html));
});
