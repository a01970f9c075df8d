import { randomBytes } from 'node:crypto';
import { ConfigError } from '@sp/http-kit';
import { loadVerifierConfig } from './config.js';

test('REGISTER_URL and REGISTER_DID make the register config; unset means allow-list mode', () => {
  expect(loadVerifierConfig({}).register).toBeUndefined();
  const sut = loadVerifierConfig({
    REGISTER_URL: 'https://passport.example/.well-known/recognised-issuers',
    REGISTER_DID: 'did:web:passport.example:scheme',
  });
  expect(sut.register).toEqual({
    url: 'https://passport.example/.well-known/recognised-issuers',
    did: 'did:web:passport.example:scheme',
  });
});

test('one of REGISTER_URL / REGISTER_DID without the other stops start-up, naming REGISTER_DID', () => {
  expect(() => loadVerifierConfig({ REGISTER_URL: 'https://passport.example/r' })).toThrow(ConfigError);
  expect(() => loadVerifierConfig({ REGISTER_URL: 'https://passport.example/r' })).toThrow(/REGISTER_DID/);
  expect(() => loadVerifierConfig({ REGISTER_DID: 'did:web:passport.example:scheme' })).toThrow(
    /REGISTER_DID/,
  );
  expect(() =>
    loadVerifierConfig({ REGISTER_URL: 'https://passport.example/r', REGISTER_DID: 'did:key:z6Mk' }),
  ).toThrow(/REGISTER_DID/);
});

test('KEY_ENCRYPTION_KEY (webhook secrets) is optional and must be 32 bytes when given', () => {
  expect(loadVerifierConfig({}).keyEncryptionKey).toBeUndefined();
  const kek = randomBytes(32).toString('base64');
  expect(loadVerifierConfig({ KEY_ENCRYPTION_KEY: kek }).keyEncryptionKey).toBe(kek);
  expect(() => loadVerifierConfig({ KEY_ENCRYPTION_KEY: 'c2hvcnQ=' })).toThrow(/KEY_ENCRYPTION_KEY/);
});
