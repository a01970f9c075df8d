import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Check, verifyCredentialJwt, verifyPresentationJwt } from '../src/index.js';
import {
  AUDIENCE,
  NONCE,
  NOW,
  decodeParts,
  makeStatusLists,
  memoryResolver,
  tableFetcher,
  vectorDir,
} from './helpers.js';
import { type ExpectedCheck, type VectorCase, buildCases } from './vector-cases.js';

// `UPDATE_VECTORS=1 jest …` rewrites the files; otherwise the stored files are the test input.
const update = process.env.UPDATE_VECTORS === '1';
const STATUS_LISTS_FILE = join(vectorDir, 'status-lists.json');
const NOT_CASES = new Set(['keys.json', 'status-lists.json']);

const brief = (checks: Check[]): ExpectedCheck[] =>
  checks.map((c) =>
    c.reason ? { name: c.name, result: c.result, reason: c.reason } : { name: c.name, result: c.result },
  );

function readCases(): VectorCase[] {
  return readdirSync(vectorDir)
    .filter((f) => f.endsWith('.json') && !NOT_CASES.has(f))
    .map((f) => JSON.parse(readFileSync(join(vectorDir, f), 'utf8')) as VectorCase);
}

beforeAll(async () => {
  if (!update) return;
  const lists = await makeStatusLists();
  writeFileSync(STATUS_LISTS_FILE, `${JSON.stringify(lists, null, 2)}\n`);
  for (const c of await buildCases()) {
    const file = { ...c, decoded: decodeParts(c.compact) };
    writeFileSync(join(vectorDir, `${c.name}.json`), `${JSON.stringify(file, null, 2)}\n`);
  }
});

describe('credential vectors', () => {
  it('has the valid case and every named negative', () => {
    const names = readCases().map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'valid',
        'expired',
        'not-yet-valid',
        'tampered-payload',
        'wrong-aud',
        'wrong-nonce',
        'alg-none',
        'hs256',
        'embedded-jwk',
        'crit-header',
        'other-holder',
        'unknown-kid',
        'revoked-index',
        'suspended-index',
        'status-unavailable',
      ]),
    );
  });

  it('the stored compact forms are what the builders produce from the fixed keys', async () => {
    const stored = new Map(readCases().map((c) => [c.name, c.compact]));
    for (const c of await buildCases()) expect([c.name, stored.get(c.name)]).toEqual([c.name, c.compact]);
  });

  it.each(readCases().map((c) => [c.name, c] as const))('%s', async (_name, vector) => {
    const lists = JSON.parse(readFileSync(STATUS_LISTS_FILE, 'utf8')) as Record<string, string>;
    const { recognised, unreachable, expectedHolder } = vector.options;
    const opts = {
      resolver: memoryResolver({ unreachable: unreachable ?? [] }),
      now: NOW,
      fetchStatusListCredential: tableFetcher(lists),
      ...(recognised
        ? { isRecognisedIssuer: (did: string) => ({ recognised: recognised.includes(did) }) }
        : {}),
    };
    if (vector.kind === 'credential') {
      const sut = await verifyCredentialJwt(vector.compact, {
        ...opts,
        ...(expectedHolder ? { expectedHolder } : {}),
      });
      expect(brief(sut.checks)).toEqual(vector.expected.checks);
      expect(sut.verified).toBe(vector.expected.verified);
    } else {
      const sut = await verifyPresentationJwt(vector.compact, {
        ...opts,
        audience: vector.options.audience ?? AUDIENCE,
        nonce: vector.options.nonce ?? NONCE,
      });
      expect(brief(sut.checks)).toEqual(vector.expected.checks);
      expect(sut.credentials.map((c) => ({ verified: c.verified, checks: brief(c.checks) }))).toEqual(
        vector.expected.credentials,
      );
      expect(sut.verified).toBe(vector.expected.verified);
    }
  });
});
