import { type LeanRoute, parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { Account } from '../store/account-store.js';
import { createVerification, type VerificationDeps } from '../use-cases/create-verification.js';
import { getVerification } from '../use-cases/get-verification.js';
import { listVerifications } from '../use-cases/list-verifications.js';
import { accountOf, accountOfRequest, requireAccount } from './auth.js';
import { zListVerificationsQuery, zVerificationIdParams, zVerificationRequest } from './schemas.js';

type Authenticate = (apiKey: string) => Promise<Account | null>;

/**
 * `POST /v1/verifications`: verify a share link or a presentation and store the report. A lean route (answered
 * before express, see `createApp`): its throughput is a product target and it is mostly signature checks, so
 * nothing else on the way may cost much. Same parsing, errors and logging as the express routes.
 * @example createApp({ ..., leanRoutes: [createVerificationRoute({ ...verificationDeps, authenticate })] });
 */
export function createVerificationRoute(deps: VerificationDeps & { authenticate: Authenticate }): LeanRoute {
  return {
    method: 'POST',
    path: '/v1/verifications',
    async handle(req) {
      const { log } = req;
      const account = await accountOfRequest(deps.authenticate, req);
      const { report, json } = await createVerification(
        deps,
        account,
        parseInput(zVerificationRequest, req.body, 'body'),
      );
      // Log the outcome only: the report names people's training and the input may carry a share token.
      log.info({ verificationId: report.id, verified: report.verified }, 'verification stored');
      return {
        status: 201,
        json,
        headers: { Location: `/v1/verifications/${report.id}` },
      };
    },
  };
}

/**
 * The employer API's reads of stored reports (creating one is {@link createVerificationRoute}).
 * @example app.use(verificationRoutes({ ...verificationDeps, authenticate }));
 */
export function verificationRoutes(deps: VerificationDeps & { authenticate: Authenticate }): Router {
  const router = Router();
  router.use('/v1/verifications', requireAccount(deps.authenticate));

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
