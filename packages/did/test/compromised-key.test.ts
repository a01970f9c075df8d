import { generateSigningKey } from '@sp/crypto';
import { buildDidDocument, COMPROMISED_FROM, createKeyResolver, type SafeFetcher } from '../src/index.js';
import { makeResult } from '../src/safe-fetcher.js';

// A key declared compromised is published on its verification method and reported by the resolver.

const DID = 'did:web:issuer.example:orgs:acme';

function servingFetcher(doc: unknown): SafeFetcher {
  const body = Buffer.from(JSON.stringify(doc));
  return {
    get: async (url: string) => makeResult(200, { 'content-type': 'application/did+json' }, body, url),
    post: async () => {
      throw new Error('not used');
    },
  } as unknown as SafeFetcher;
}

describe('compromised keys in DID documents', () => {
  test('buildDidDocument publishes compromisedFrom only on the compromised key, and the resolver reports it', async () => {
    const k1 = await generateSigningKey('EdDSA');
    const k2 = await generateSigningKey('EdDSA');
    const from = new Date('2026-01-02T03:04:05.000Z');
    const doc = buildDidDocument({
      did: DID,
      keys: [
        { fragment: 'key-1', publicJwk: k1.publicJwk, compromisedFrom: from },
        { fragment: 'key-2', publicJwk: k2.publicJwk, compromisedFrom: null },
      ],
    });
    expect(doc.verificationMethod[0]?.[COMPROMISED_FROM]).toBe(from.toISOString());
    expect(doc.verificationMethod[1]).not.toHaveProperty([COMPROMISED_FROM]);

    const sut = createKeyResolver({ fetcher: servingFetcher(doc) });
    expect((await sut.resolveKey(`${DID}#key-1`))?.compromisedFrom).toBe(from.toISOString());
    expect((await sut.resolveKey(`${DID}#key-2`))?.compromisedFrom).toBeUndefined();
  });

  test('a value that is not a date is ignored like any unknown property', async () => {
    const k1 = await generateSigningKey('EdDSA');
    const doc = buildDidDocument({ did: DID, keys: [{ fragment: 'key-1', publicJwk: k1.publicJwk }] });
    (doc.verificationMethod[0] as unknown as Record<string, unknown>)[COMPROMISED_FROM] = 'soon';
    const sut = createKeyResolver({ fetcher: servingFetcher(doc) });
    expect((await sut.resolveKey(`${DID}#key-1`))?.compromisedFrom).toBeUndefined();
  });
});
