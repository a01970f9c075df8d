import { ConfigError } from '@sp/http-kit';
import { loadWalletConfig } from './config.js';

const KEK = Buffer.alloc(32, 7).toString('base64');

describe('loadWalletConfig', () => {
  test('defaults: port 3002, base URL from the port, 12 h sessions, localhost allowed in embedded mode', () => {
    const sut = loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK });
    expect(sut).toMatchObject({
      port: 3002,
      host: '127.0.0.1',
      baseUrl: 'http://localhost:3002',
      sessionTtlHours: 12,
      devAllowedHosts: ['localhost'],
      databaseUrl: undefined,
      pgliteDir: '.data/pglite',
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'info',
    });
  });

  test('with DATABASE_URL no host is allowed by default; explicit DEV_ALLOWED_HOSTS wins', () => {
    expect(
      loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK, DATABASE_URL: 'postgresql://x/y' }).devAllowedHosts,
    ).toEqual([]);
    expect(
      loadWalletConfig({
        KEY_ENCRYPTION_KEY: KEK,
        DATABASE_URL: 'postgresql://x/y',
        DEV_ALLOWED_HOSTS: 'a, b:3001',
      }).devAllowedHosts,
    ).toEqual(['a', 'b:3001']);
  });

  test('WALLET_BASE_URL loses its trailing slash; port 0 leaves the base URL to startWallet', () => {
    expect(loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK, WALLET_BASE_URL: 'https://w.example/' }).baseUrl).toBe(
      'https://w.example',
    );
    expect(loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK, WALLET_PORT: '0' }).baseUrl).toBeUndefined();
  });

  test('a missing KEK or a bad TTL is a ConfigError naming the variable', () => {
    expect(() => loadWalletConfig({})).toThrow(ConfigError);
    try {
      loadWalletConfig({ KEY_ENCRYPTION_KEY: 'short', WALLET_SESSION_TTL_HOURS: '-1' });
    } catch (e) {
      expect((e as ConfigError).variables.sort()).toEqual(['KEY_ENCRYPTION_KEY', 'WALLET_SESSION_TTL_HOURS']);
    }
    expect.assertions(2);
  });

  test('the shared variables are checked as in every service: a non-PostgreSQL DATABASE_URL, TRUST_PROXY=true', () => {
    try {
      loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK, DATABASE_URL: 'mysql://x/y', TRUST_PROXY: 'true' });
    } catch (e) {
      expect((e as ConfigError).variables.sort()).toEqual(['DATABASE_URL', 'TRUST_PROXY']);
    }
    expect(loadWalletConfig({ KEY_ENCRYPTION_KEY: KEK, TRUST_PROXY: 'loopback' }).trustProxy).toBe(
      'loopback',
    );
    expect.assertions(2);
  });
});
