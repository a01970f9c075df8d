import { randomBytes } from 'node:crypto';
import { KeyUnsealError, openPrivateKey, parseKek, rewrapSealedKeys } from '@sp/crypto';
import { createHolderKeyStore } from '../src/service.js';
import { signUp, startTestWallet, type TestWallet } from './helpers.js';

// KEK rotation of workers' holder keys against the real wallet_worker table.

let sut: TestWallet;
beforeAll(async () => {
  sut = await startTestWallet();
});
afterAll(async () => {
  await sut.close();
});

test('re-wrapping moves a holder key from the previous KEK to the new one, once', async () => {
  const { worker } = await signUp(sut.api);
  const oldKek = parseKek(sut.kek);
  const newKek = new Uint8Array(randomBytes(32));
  const sealed = async () =>
    (await sut.db.prisma.worker.findUniqueOrThrow({ where: { id: worker.id } })).sealedPrivateKey;
  const before = openPrivateKey(await sealed(), oldKek, worker.id);

  // Other test files' workers are sealed under other KEKs: they are reported, not touched.
  const first = await rewrapSealedKeys(createHolderKeyStore(sut.db), { current: newKek, previous: oldKek });
  expect(first.unopenable).not.toContain(worker.id);
  expect(first.rewrapped).toBeGreaterThanOrEqual(1);
  expect(openPrivateKey(await sealed(), newKek, worker.id)).toEqual(before);
  const resealed = await sealed();
  expect(() => openPrivateKey(resealed, oldKek, worker.id)).toThrow(KeyUnsealError);

  const second = await rewrapSealedKeys(createHolderKeyStore(sut.db), { current: newKek, previous: oldKek });
  expect(second.unopenable).not.toContain(worker.id);
  expect(await sealed()).toBe(resealed); // already under the new KEK: left as it is
});
