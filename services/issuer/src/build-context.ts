import { parseKek } from '@sp/crypto';
import type { Database } from '@sp/db';
import { createKeyResolver, createSafeFetcher } from '@sp/did';
import type { Logger } from '@sp/http-kit';
import type { Queue } from '@sp/queue';
import type { IssuerConfig } from './config.js';
import type { IssuerContext } from './context.js';
import { createPrivateKeyCache } from './internal/key-cache.js';
import { createOfferSecrets } from './internal/offer-secrets.js';
import { createCredentialStore } from './store/credential-store.js';
import { createOfferStore } from './store/offer-store.js';
import { createOrganisationStore } from './store/organisation-store.js';
import { createSigningKeyStore } from './store/signing-key-store.js';
import { createStatusStore } from './store/status-store.js';
import { createRegisterStore } from './store/register-store.js';

/**
 * Builds the use-case context: stores over the caller's database, the KEK, the private-key cache, a did:jwk
 * resolver (holder keys resolve locally), the notifications queue.
 * @example const ctx = buildIssuerContext(config, { logger, db, notifications: null });
 */
export function buildIssuerContext(
  config: Readonly<IssuerConfig>,
  deps: {
    logger: Logger;
    db: Database;
    notifications: Queue | null;
    statusChanges?: Queue | null;
    now?: () => Date;
  },
): IssuerContext {
  const kek = parseKek(config.keyEncryptionKey);
  const previousKek = config.keyEncryptionKeyPrevious ? parseKek(config.keyEncryptionKeyPrevious) : undefined;
  return {
    config,
    logger: deps.logger,
    orgs: createOrganisationStore(deps.db),
    offers: createOfferStore(deps.db),
    credentials: createCredentialStore(deps.db),
    statuses: createStatusStore(deps.db),
    signingKeys: createSigningKeyStore(deps.db),
    register: createRegisterStore(deps.db),
    kek,
    previousKek,
    // During a KEK rotation, envelopes not yet re-sealed still open under the previous key.
    privateKeys: createPrivateKeyCache(previousKek ? [kek, previousKek] : kek),
    offerSecrets: createOfferSecrets(kek, previousKek),
    // Key proofs carry did:jwk kids, resolved without network; the SSRF-safe fetcher (no private hosts)
    // only matters if a proof names a did:web key.
    resolver: createKeyResolver({ fetcher: createSafeFetcher({ timeoutMs: 3_000 }) }),
    notifications: deps.notifications,
    statusChanges: deps.statusChanges ?? null,
    now: deps.now ?? (() => new Date()),
  };
}
