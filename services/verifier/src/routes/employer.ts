import { parseInput } from '@sp/http-kit';
import { Router } from 'express';
import type { Account } from '../store/account-store.js';
import { exportTrainingMatrix, type TrainingMatrixDeps } from '../use-cases/export-training-matrix.js';
import { getEmployerPolicy } from '../use-cases/get-employer-policy.js';
import { putEmployerPolicy } from '../use-cases/put-employer-policy.js';
import { accountOf, requireAccount } from './auth.js';
import { zPutPolicyRequest, zTrainingMatrixQuery } from './employer-schemas.js';

/**
 * The employer's own readiness policy and its training matrix export (employer API key).
 * @example app.use(employerRoutes({ policies, staffReports, now, authenticate }));
 */
export function employerRoutes(
  deps: TrainingMatrixDeps & { authenticate: (apiKey: string) => Promise<Account | null> },
): Router {
  const router = Router();
  const auth = requireAccount(deps.authenticate);

  router.get('/v1/policy', auth, async (_req, res) => {
    res.json(await getEmployerPolicy(deps.policies, accountOf(res)));
  });

  router.put('/v1/policy', auth, async (req, res) => {
    const body = parseInput(zPutPolicyRequest, req.body, 'body');
    const view = await putEmployerPolicy(deps, accountOf(res), body);
    req.log.info({ accountId: accountOf(res).id }, 'employer policy stored');
    res.json(view);
  });

  router.get('/v1/training-matrix.csv', auth, async (req, res) => {
    const query = parseInput(zTrainingMatrixQuery, req.query, 'query');
    const { csv, asOf } = await exportTrainingMatrix(deps, accountOf(res), query);
    const filename = `training-matrix-${query.roleCategory}-${query.setting}-${asOf}.csv`;
    res
      .status(200)
      .set({
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${filename}"`,
        // Names people and their training: never kept by shared caches.
        'cache-control': 'no-store',
      })
      .send(csv);
  });
  return router;
}
