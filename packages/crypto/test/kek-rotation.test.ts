import { randomBytes } from 'node:crypto';
import {
  KeyUnsealError,
  generateSigningKey,
  openPrivateKey,
  rewrapPrivateKey,
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
