import { bearerToken, parseInput } from '@sp/http-kit';
import { Router } from 'express';
import { toWorkerView, type WalletContext } from '../context.js';
import { zCreateAccountRequest, zSignInRequest } from '../schemas.js';
import { createAccount } from '../use-cases/create-account.js';
import { signIn, signOut } from '../use-cases/sign-in.js';
import { currentWorker, requireWorker } from './auth.js';

/**
 * Accounts and sessions: sign up, sign in, sign out, who am I.
 * @example app.use(accountRoutes(ctx));
 */
export function accountRoutes(ctx: WalletContext): Router {
  const r = Router();
  r.post('/v1/accounts', async (req, res) => {
    const body = parseInput(zCreateAccountRequest, req.body, 'body');
    res.status(201).json(await createAccount(ctx, body));
  });
  r.post('/v1/sessions', async (req, res) => {
    const body = parseInput(zSignInRequest, req.body, 'body');
    res.status(201).json(await signIn(ctx, body, req.ip));
  });
  r.delete('/v1/sessions/current', requireWorker(ctx), async (req, res) => {
    await signOut(ctx, bearerToken(req) as string);
    res.status(204).end();
  });
  r.get('/v1/me', requireWorker(ctx), (_req, res) => {
    res.json({ worker: toWorkerView(currentWorker(res)) });
  });
  return r;
}
