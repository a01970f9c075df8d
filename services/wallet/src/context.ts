import type { SafeFetcher, KeyResolver } from '@sp/did';
import type { Logger, SignInLimiter } from '@sp/http-kit';
import type { CredentialStore } from './store/credential-store.js';
import type { NotificationStore } from './store/notification-store.js';
import type { OfferCache } from './store/offer-cache.js';
import type { SessionStore } from './store/session-store.js';
import type { ShareStore } from './store/share-store.js';
import type { WorkerStore } from './store/worker-store.js';

/**
 * Everything a use-case may touch, built once by `startWallet`. Clock, network and keys are here (not
 * imported) so tests can move time and swap the fetcher.
 */
export interface WalletContext {
  workers: WorkerStore;
  sessions: SessionStore;
  credentials: CredentialStore;
  shares: ShareStore;
  notifications: NotificationStore;
  offerCache: OfferCache;
  /** Key-encryption key that seals holder private keys (32 bytes). */
  kek: Uint8Array;
  /** The previous key-encryption key during a KEK rotation: envelopes not yet re-sealed still open. */
  previousKek?: Uint8Array | undefined;
  /** Public base URL, no trailing slash. */
  baseUrl: string;
  sessionTtlHours: number;
  /** Failed sign-ins per email and per client address: after too many, that one is refused for a while (429). */
  signInLimiter: SignInLimiter;
  /** SSRF-safe fetcher for every outbound request (OpenID4VCI issuers, did:web documents). */
  fetcher: SafeFetcher;
  resolver: KeyResolver;
  logger: Logger;
  now: () => Date;
}

/** The public view of a worker. */
export interface WorkerView {
  id: string;
  email: string;
  name: string;
  did: string;
  /** Care Workforce Pathway role category and setting for the readiness self-view (null until set). */
  roleCategory?: string | null;
  setting?: string | null;
}

/**
 * A worker row as the API shows it (never the password hash or key material).
 * @example res.json({ worker: toWorkerView(worker) });
 */
export function toWorkerView(w: WorkerView): WorkerView {
  return {
    id: w.id,
    email: w.email,
    name: w.name,
    did: w.did,
    roleCategory: w.roleCategory ?? null,
    setting: w.setting ?? null,
  };
}
