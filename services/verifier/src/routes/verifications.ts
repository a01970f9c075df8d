import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { Account } from '../store/account-store.js';
import { createVerification, type VerificationDeps } from '../use-cases/create-verification.js';
import { getVerification } from '../use-cases/get-verification.js';
import { listVerifications } from '../use-cases/list-verifications.js';
import { accountOf, requireAccount } from './auth.js';
import { zListVerificationsQuery, zVerificationIdParams, zVerificationRequest } from './schemas.js';

/**
 * The employer API: verify a share link or presentation, and read stored reports.
 * @example app.use(verificationRoutes({ ...verificationDeps, authenticate }));
 */
export function verificationRoutes(
  deps: VerificationDeps & { authenticate: (apiKey: string) => Promise<Account | null> },
): Router {
  const router = Router();
  router.use('/v1/verifications', requireAccount(deps.authenticate));

  router.post('/v1/verifications', async (req, res) => {
    const body = parseInput(zVerificationRequest, req.body, 'body');
    const report = await createVerification(deps, accountOf(res), body);
    // Log the outcome only: the report names people's training and the input may carry a share token.
    req.log.info({ verificationId: report.id, verified: report.verified }, 'verification stored');
    res.status(201).location(`/v1/verifications/${report.id}`).json(report);
  });

  router.get('/v1/verifications', async (req, res) => {
    const query = parseInput(zListVerificationsQuery, req.query, 'query');
    res.json(await listVerifications(deps.verifications, accountOf(res), query));
  });

  router.get('/v1/verifications/:id', async (req, res) => {
    const params = zVerificationIdParams.safeParse(req.params);
    // A malformed id names nothing, so it gets the same 404 as a missing one.
    const id = params.success ? params.data.id : undefined;
    res.json(await getVerification(deps.verifications, accountOf(res), id));
  });
  return router;
}
