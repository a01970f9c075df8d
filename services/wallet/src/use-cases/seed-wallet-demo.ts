import { parseKek } from '@sp/crypto';
import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import type { WalletConfig } from '../config.js';
import { zCreateAccountRequest } from '../schemas.js';
import { createWorkerStore } from '../store/worker-store.js';
import { createWorker } from './create-account.js';

/** The demo worker the launcher writes to `.data/demo.json`. */
export interface WalletDemo {
  id: string;
  email: string;
  name: string;
  did: string;
  /** The password given (an existing account keeps its own; the launcher passes the one it saved). */
  password: string;
  created: boolean;
}

/**
 * Makes sure a demo worker exists (for the all-in-one launcher). Idempotent: an existing account with that email
 * is returned unchanged (its password is not reset), also when two launchers race.
 * @example
 * ```ts
 * const demo = await seedWalletDemo({ db, logger }, config, { email: 'laura@example.org', name: 'Laura', password });
 * ```
 */
export async function seedWalletDemo(
  deps: { db: Database; logger?: Logger },
  config: Pick<WalletConfig, 'keyEncryptionKey'>,
  input: { email: string; name: string; password: string },
): Promise<WalletDemo> {
  const account = zCreateAccountRequest.parse(input);
  const workers = createWorkerStore(deps.db);
  const view = (
    w: { id: string; email: string; name: string; did: string },
    created: boolean,
  ): WalletDemo => ({
    id: w.id,
    email: w.email,
    name: w.name,
    did: w.did,
    password: input.password,
    created,
  });
  const existing = await workers.findByEmail(account.email);
  if (existing) return view(existing, false);
  const created = await createWorker({ workers, kek: parseKek(config.keyEncryptionKey) }, account);
  if (created) {
    deps.logger?.info({ workerId: created.id }, 'demo worker created');
    return view(created, true);
  }
  const winner = await workers.findByEmail(account.email);
  if (!winner) throw new Error('seedWalletDemo: worker vanished after a conflicting insert');
  return view(winner, false);
}
