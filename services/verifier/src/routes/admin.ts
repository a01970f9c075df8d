import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { AccountStore } from '../store/account-store.js';
import type { TrustedIssuerStore } from '../store/trusted-issuer-store.js';
import { addTrustedIssuer } from '../use-cases/add-trusted-issuer.js';
import { createAccount } from '../use-cases/create-account.js';
import type { TrustedIssuerCache } from '../use-cases/trusted-issuer-cache.js';
import { requireAdmin } from './auth.js';
import { zCreateAccountRequest, zTrustedIssuerRequest } from './schemas.js';

/**
 * The scheme operator's admin API: employer accounts and the issuer allow-list.
 * @example app.use(adminRoutes({ adminToken, accounts, trustedIssuers, trustedCache }));
 */
export function adminRoutes(deps: {
  adminToken: string | undefined;
  accounts: AccountStore;
  trustedIssuers: TrustedIssuerStore;
  trustedCache: TrustedIssuerCache;
}): Router {
  const router = Router();
  router.use('/v1/admin', requireAdmin(deps.adminToken));

  router.post('/v1/admin/accounts', async (req, res) => {
    const body = parseInput(zCreateAccountRequest, req.body, 'body');
    const created = await createAccount(deps.accounts, body);
    req.log.info({ accountId: created.account.id }, 'verifier account created');
    res.status(201).setHeader('Cache-Control', 'no-store').json(created);
  });

  router.post('/v1/admin/trusted-issuers', async (req, res) => {
    const body = parseInput(zTrustedIssuerRequest, req.body, 'body');
    const row = await addTrustedIssuer({ store: deps.trustedIssuers, cache: deps.trustedCache }, body);
    req.log.info({ did: row.did }, 'trusted issuer added');
    res.status(201).json({ did: row.did, name: row.name, addedAt: row.addedAt.toISOString() });
  });

  router.get('/v1/admin/trusted-issuers', async (_req, res) => {
    const rows = await deps.trustedIssuers.list();
    res.json({ items: rows.map((r) => ({ did: r.did, name: r.name, addedAt: r.addedAt.toISOString() })) });
  });
  return router;
}
