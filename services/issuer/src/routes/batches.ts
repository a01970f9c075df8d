import { AppError, bearerToken, parseInput, readJsonBody } from '@sp/http-kit';
import { Router } from 'express';
import { z } from 'zod';
import type { BatchContext } from '../batch-context.js';
import { BATCH_MAX_BYTES, zCreateBatchJsonRequest, zIdempotencyKey } from '../batch-schemas.js';
import { csvBatchRows, jsonBatchRows } from '../internal/batch-source.js';
import { authenticateOrganisation } from '../use-cases/authenticate-organisation.js';
import { exportBatchResult } from '../use-cases/export-batch-result.js';
import { getBatchStatus } from '../use-cases/get-batch-status.js';
import { receiveBatch } from '../use-cases/receive-batch.js';

/** The path whose body the app leaves unread: CSV streams in; JSON gets the batch limit, not the default. */
export const BATCH_UPLOAD_PATH = '/v1/batches';

/** Cohort issuance over the organisation API (docs/bulk-issuance.md). */
export function batchRoutes(bctx: BatchContext): Router {
  const router = Router();
  const ctx = bctx.issuer;

  router.post(BATCH_UPLOAD_PATH, async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const header = req.get('idempotency-key');
    const headerKey = header === undefined ? undefined : parseInput(zIdempotencyKey, header, 'headers');
    let result: Awaited<ReturnType<typeof receiveBatch>>;
    if (req.is('text/csv')) {
      result = await receiveBatch(bctx, org, csvBatchRows(req), { idempotencyKey: headerKey });
    } else if (req.is('application/json')) {
      // The one JSON body reader, with this route's own (larger) limit.
      const body = parseInput(zCreateBatchJsonRequest, await readJsonBody(req, BATCH_MAX_BYTES), 'body');
      result = await receiveBatch(bctx, org, jsonBatchRows(body.rows), {
        idempotencyKey: headerKey ?? body.idempotencyKey,
      });
    } else {
      throw new AppError('unsupported_media_type', { detail: 'Send text/csv or application/json' });
    }
    // An earlier upload with this key: its body was not needed; read the rest so the connection stays usable.
    if (!req.readableEnded) req.resume();
    res
      .status(result.created ? 202 : 200)
      .location(result.status.resultUrl.replace('/result.csv', ''))
      .json(result.status);
  });

  router.get('/v1/batches/:id', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const batch = await findBatch(req.params, org.id);
    res.set('Cache-Control', 'no-store').json(await getBatchStatus(bctx, batch));
  });

  router.get('/v1/batches/:id/result.csv', async (req, res) => {
    const org = await authenticateOrganisation(ctx, bearerToken(req));
    const batch = await findBatch(req.params, org.id);
    res
      .status(200)
      .set('Cache-Control', 'no-store')
      .type('text/csv; charset=utf-8')
      .attachment(`batch-${batch.id}.csv`);
    for await (const lines of exportBatchResult(bctx, org, batch)) {
      if (!res.write(lines)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  });

  async function findBatch(params: unknown, organisationId: string) {
    const { id } = parseInput(z.object({ id: z.uuid() }), params, 'params');
    const batch = await bctx.batches.findForOrganisation(id, organisationId);
    if (!batch) throw new AppError('not_found', { detail: 'No such batch' });
    return batch;
  }

  return router;
}
