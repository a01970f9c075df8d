import { ConfigError } from '@sp/http-kit';
import { loadVerifierConfig } from './config.js';

test('defaults: port 3003, admin API off, localhost allowed only in embedded mode', () => {
  const embedded = loadVerifierConfig({});
  expect(embedded).toMatchObject({
    port: 3003,
    adminToken: undefined,
    devAllowedHosts: ['localhost'],
    trustedIssuers: [],
  });
  const server = loadVerifierConfig({ DATABASE_URL: 'postgresql://db/sp' });
  expect(server.devAllowedHosts).toEqual([]);
  expect(
    loadVerifierConfig({ DATABASE_URL: 'postgresql://db/sp', DEV_ALLOWED_HOSTS: 'wallet.test:3002' })
      .devAllowedHosts,
  ).toEqual(['wallet.test:3002']);
});

test('TRUSTED_ISSUERS is a comma-separated list of DIDs', () => {
  expect(
    loadVerifierConfig({ TRUSTED_ISSUERS: 'did:web:a.example, did:web:b.example' }).trustedIssuers,
  ).toEqual(['did:web:a.example', 'did:web:b.example']);
});

test('bad values are named without echoing them', () => {
  let err: unknown;
  try {
    loadVerifierConfig({ VERIFIER_PORT: 'x', VERIFIER_ADMIN_TOKEN: 'short', TRUSTED_ISSUERS: 'acme' });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).variables.sort()).toEqual([
    'TRUSTED_ISSUERS',
    'VERIFIER_ADMIN_TOKEN',
    'VERIFIER_PORT',
  ]);
  expect((err as Error).message).not.toContain('short');
});

test('the shared variables are checked as in every service (zCommonEnv): database and Redis URLs by scheme', () => {
  let err: unknown;
  try {
    loadVerifierConfig({ DATABASE_URL: 'mysql://db/sp', REDIS_URL: 'http://cache' });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ConfigError);
  expect((err as ConfigError).variables.sort()).toEqual(['DATABASE_URL', 'REDIS_URL']);
});
