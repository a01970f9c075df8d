import { timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Database } from '@sp/db';
import { AppError, parseInput } from '@sp/http-kit';
import { enqueue, JOBS, type Queue, zEmailSendJob } from '@sp/queue';
import { createEmailStore, emailJobId } from '@sp/wallet/jobs';
import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';

/** Where the operators' pages live on the jobs process's HTTP server. */
export const OPS_BASE = '/ops';

/**
 * Operator authentication: `Authorization: Bearer <OPERATOR_TOKEN>`, or HTTP Basic with the token as password
 * (so a browser can open the dashboard). A wrong or missing credential gets 401 with a Basic challenge.
 * @example router.use(operatorAuth(config.operatorToken));
 */
export function operatorAuth(token: string) {
  const expected = Buffer.from(token);
  const matches = (given: string) => {
    const b = Buffer.from(given);
    return b.length === expected.length && timingSafeEqual(b, expected);
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.get('authorization') ?? '';
    const [scheme, value = ''] = header.split(' ', 2);
    let given = '';
    if (scheme?.toLowerCase() === 'bearer') given = value;
    else if (scheme?.toLowerCase() === 'basic') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      given = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (given && matches(given)) {
      next();
      return;
    }
    res.set('WWW-Authenticate', 'Basic realm="operators", charset="UTF-8"');
    next(new AppError('unauthorized', { detail: 'Operator credentials required' }));
  };
}

/**
 * The operators' view, behind {@link operatorAuth}: the bull-board dashboard of every queue at `/ops/queues`
 * (waiting, active, delayed, failed jobs; retry or remove a failed one), the dead-lettered emails at
 * `GET /ops/emails/dead`, and `POST /ops/emails/{id}/retry` to send a dead email again.
 * @example app.use(operatorRoutes({ token, queues, db, email }));
 */
export function operatorRoutes(opts: { token: string; queues: Queue[]; db: Database; email: Queue }): Router {
  const router = Router();
  const board = new ExpressAdapter();
  board.setBasePath(`${OPS_BASE}/queues`);
  createBullBoard({ queues: opts.queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  const emails = createEmailStore(opts.db);

  router.use(OPS_BASE, operatorAuth(opts.token));
  router.use(`${OPS_BASE}/queues`, board.getRouter());
  router.get(`${OPS_BASE}/emails/dead`, async (_req, res) => {
    const dead = await emails.listDead(200);
    res.set('Cache-Control', 'no-store').json(
      dead.map((e) => ({
        id: e.id,
        to: e.to,
        subject: e.subject,
        attempts: e.attempts,
        lastError: e.lastError,
        createdAt: e.createdAt.toISOString(),
        deadAt: e.deadAt?.toISOString() ?? null,
      })),
    );
  });
  router.post(`${OPS_BASE}/emails/:id/retry`, async (req, res) => {
    const { id } = parseInput(z.object({ id: z.uuid() }), req.params, 'params');
    if (!(await emails.revive(id))) throw new AppError('not_found', { detail: 'No dead email with that id' });
    await enqueue(
      opts.email,
      JOBS.emailSend,
      zEmailSendJob,
      { emailId: id },
      emailJobId(id, String(Date.now())),
    );
    res.status(202).json({ id, state: 'pending' });
  });
  return router;
}
