/**
 * `pnpm exec tsx scripts/rewrap-keys.ts`: KEK rotation. Re-seals every organisation signing key, every worker
 * holder key and every webhook secret that is still sealed under `KEY_ENCRYPTION_KEY_PREVIOUS` under
 * `KEY_ENCRYPTION_KEY`.
 * Safe while the services run (they open both until the previous key is removed) and safe to repeat; exits 1
 * if any envelope opens under neither key. Runbook: docs/operations.md, "Rotating the key-encryption key".
 */
import { parseKek, rewrapSealedKeys } from '@sp/crypto';
import { openDatabase } from '@sp/db';
import { createLogger } from '@sp/http-kit';
import { loadIssuerConfig } from '@sp/issuer/config';
import { buildIssuerContext, rewrapSigningKeys } from '@sp/issuer/service';
import { createWebhookSecretStore } from '@sp/verifier/jobs';
import { createHolderKeyStore } from '@sp/wallet/service';

const logger = createLogger({ service: 'rewrap-keys', level: process.env['LOG_LEVEL'] ?? 'info' });
const config = loadIssuerConfig(process.env);
if (!config.keyEncryptionKeyPrevious) {
  logger.info('KEY_ENCRYPTION_KEY_PREVIOUS is not set: nothing to re-wrap');
  process.exit(0);
}
const db = await openDatabase({
  ...(config.databaseUrl ? { url: config.databaseUrl } : {}),
  dataDir: config.pgliteDir,
});
try {
  const ctx = buildIssuerContext(config, { logger, db, notifications: null });
  const signing = await rewrapSigningKeys(ctx);
  const holder = await rewrapSealedKeys(
    createHolderKeyStore(db),
    { current: parseKek(config.keyEncryptionKey), previous: parseKek(config.keyEncryptionKeyPrevious) },
    { logger, what: 'holder keys' },
  );
  const webhooks = await rewrapSealedKeys(
    createWebhookSecretStore(db),
    { current: parseKek(config.keyEncryptionKey), previous: parseKek(config.keyEncryptionKeyPrevious) },
    { logger, what: 'webhook secrets' },
  );
  process.exitCode = signing.unopenable + holder.unopenable.length + webhooks.unopenable.length > 0 ? 1 : 0;
} finally {
  await db.close();
}
