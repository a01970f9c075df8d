import { randomUUID } from 'node:crypto';
import { generateSigningKey, hashPassword, sealPrivateKey } from '@sp/crypto';
import { didJwkFromJwk } from '@sp/did';
import { AppError } from '@sp/http-kit';
import { toWorkerView, type WalletContext, type WorkerView } from '../context.js';
import type { WorkerRecord } from '../store/worker-store.js';
import { issueSession, type SessionView } from './issue-session.js';

export interface CreateAccountInput {
  /** Already trimmed and lower-cased by the route schema. */
  email: string;
  name: string;
  password: string;
}

/**
 * Creates the worker row with a fresh Ed25519 holder key: the DID is `did:jwk` of the public key, and the
 * private key is sealed with the KEK and the worker id as AAD, so a sealed key cannot be moved to another
 * worker's row. Returns null when the email is taken.
 * @example const worker = await createWorker(ctx, { email, name, password });
 */
export async function createWorker(
  ctx: Pick<WalletContext, 'workers' | 'kek'>,
  input: CreateAccountInput,
): Promise<WorkerRecord | null> {
  const id = randomUUID();
  const key = await generateSigningKey('EdDSA');
  const did = didJwkFromJwk(key.publicJwk);
  return ctx.workers.create({
    id,
    email: input.email,
    name: input.name,
    passwordHash: await hashPassword(input.password),
    did,
    publicJwk: key.publicJwk,
    sealedPrivateKey: sealPrivateKey(key.privateJwk, ctx.kek, id),
  });
}

/**
 * Signs a worker up and signs them in.
 *
 * @throws AppError `conflict` (409) when an account with that email exists.
 * @example const { worker, session } = await createAccount(ctx, { email, name, password });
 */
export async function createAccount(
  ctx: WalletContext,
  input: CreateAccountInput,
): Promise<{ worker: WorkerView; session: SessionView }> {
  const worker = await createWorker(ctx, input);
  if (!worker) throw new AppError('conflict', { detail: 'An account with this email already exists' });
  ctx.logger.info({ workerId: worker.id }, 'worker account created');
  return { worker: toWorkerView(worker), session: await issueSession(ctx, worker.id) };
}
