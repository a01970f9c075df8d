import { randomBytes } from 'node:crypto';
import {
  KeyUnsealError,
  generateSigningKey,
  openPrivateKey,
  rewrapPrivateKey,
  rewrapSealedKeys,
  sealPrivateKey,
} from '../src/index.js';

// KEK rotation: envelopes under the previous key still open, and re-wrapping moves them to the new one.

const oldKek = new Uint8Array(randomBytes(32));
const newKek = new Uint8Array(randomBytes(32));

describe('key-encryption key rotation', () => {
  test('openPrivateKey tries each given KEK in order', async () => {
    const { privateJwk } = await generateSigningKey('EdDSA');
    const sealed = sealPrivateKey(privateJwk, oldKek, 'row-1');
    expect(openPrivateKey(sealed, [newKek, oldKek], 'row-1')).toEqual(privateJwk);
    expect(() => openPrivateKey(sealed, [newKek], 'row-1')).toThrow(KeyUnsealError);
    expect(() => openPrivateKey(sealed, [], 'row-1')).toThrow(TypeError);
  });

  test('rewrapPrivateKey re-seals under the current KEK, keeps the AAD binding, and is a no-op the second time', async () => {
    const { privateJwk } = await generateSigningKey('ES256');
    const sealed = sealPrivateKey(privateJwk, oldKek, 'row-2');
    const sut = rewrapPrivateKey(sealed, { current: newKek, previous: oldKek }, 'row-2');
    expect(sut).not.toBeNull();
    expect(openPrivateKey(sut as string, newKek, 'row-2')).toEqual(privateJwk);
    expect(() => openPrivateKey(sut as string, oldKek, 'row-2')).toThrow(KeyUnsealError);
    expect(() => openPrivateKey(sut as string, newKek, 'row-3')).toThrow(KeyUnsealError);
    expect(rewrapPrivateKey(sut as string, { current: newKek, previous: oldKek }, 'row-2')).toBeNull();
  });

  test('an envelope neither KEK opens is refused, not silently kept', async () => {
    const { privateJwk } = await generateSigningKey('EdDSA');
    const sealed = sealPrivateKey(privateJwk, new Uint8Array(randomBytes(32)), 'row-4');
    expect(() => rewrapPrivateKey(sealed, { current: newKek, previous: oldKek }, 'row-4')).toThrow(
      KeyUnsealError,
    );
    expect(() => rewrapPrivateKey(sealed, { current: newKek }, 'row-4')).toThrow(KeyUnsealError);
  });
});

describe('rewrapSealedKeys', () => {
  test('re-seals what opens under the previous KEK, skips current ones, reports unopenable rows, respects concurrent writes', async () => {
    const { privateJwk } = await generateSigningKey('EdDSA');
    const rows = new Map<string, string>([
      ['a', sealPrivateKey(privateJwk, oldKek, 'a')],
      ['b', sealPrivateKey(privateJwk, newKek, 'b')],
      ['c', sealPrivateKey(privateJwk, new Uint8Array(randomBytes(32)), 'c')],
      ['d', sealPrivateKey(privateJwk, oldKek, 'd')],
    ]);
    const source = {
      page: async (after: string | null, take: number) =>
        [...rows.keys()]
          .sort()
          .filter((id) => after === null || id > after)
          .slice(0, take)
          .map((id) => ({ id, sealedPrivateKey: rows.get(id) as string })),
      replace: async (id: string, previous: string, sealed: string) => {
        if (id === 'd') return false; // someone re-wrapped it meanwhile
        if (rows.get(id) !== previous) return false;
        rows.set(id, sealed);
        return true;
      },
    };
    const logged: string[] = [];
    const logger = {
      info: (_: object, m: string) => logged.push(m),
      error: (_: object, m: string) => logged.push(m),
    };
    const sut = await rewrapSealedKeys(
      source,
      { current: newKek, previous: oldKek },
      { pageSize: 2, logger, what: 'test keys' },
    );
    expect(sut).toEqual({ scanned: 4, rewrapped: 1, unopenable: ['c'] });
    expect(openPrivateKey(rows.get('a') as string, newKek, 'a')).toEqual(privateJwk);
    expect(logged).toEqual([
      'test keys open under neither key-encryption key',
      'test keys re-wrapped under the current key-encryption key',
    ]);
  });
});
