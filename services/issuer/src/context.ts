import type { KeyResolver } from '@sp/did';
import type { Logger } from '@sp/http-kit';
import type { Queue } from '@sp/queue';
import type { IssuerConfig } from './config.js';
import type { PrivateKeyCache } from './internal/key-cache.js';
import type { OfferSecrets } from './internal/offer-secrets.js';
import type { CredentialStore } from './store/credential-store.js';
import type { OfferStore } from './store/offer-store.js';
import type { OrganisationStore } from './store/organisation-store.js';
import type { SigningKeyStore } from './store/signing-key-store.js';
import type { StatusStore } from './store/status-store.js';
import type { RegisterStore } from './store/register-store.js';

/** Everything a use-case may use: stores, keys, queue, clock. Built once by `startIssuer`. */
export interface IssuerContext {
  config: Readonly<IssuerConfig>;
  logger: Logger;
  orgs: OrganisationStore;
  offers: OfferStore;
  credentials: CredentialStore;
  /** Revocation, suspension and their audit trail. */
  statuses: StatusStore;
  /** Key rotation, compromise and re-wrapping. */
  signingKeys: SigningKeyStore;
  /** The register of recognised issuers and the scheme's keys (scheme operator). */
  register: RegisterStore;
  /** Key-encryption key (32 bytes) for sealing new private keys. */
  kek: Uint8Array;
  /** The previous key-encryption key during a KEK rotation (`KEY_ENCRYPTION_KEY_PREVIOUS`), else undefined. */
  previousKek: Uint8Array | undefined;
  privateKeys: PrivateKeyCache;
  offerSecrets: OfferSecrets;
  /** Resolves holder did:jwk keys of key proofs (local, no network). */
  resolver: KeyResolver;
  /** Producer of the notifications queue; null where no Redis is wired (demo seeding). */
  notifications: Queue | null;
  /** Producer of the status-changes queue (`status.changed.v1`); null where no Redis is wired. */
  statusChanges: Queue | null;
  now: () => Date;
}
