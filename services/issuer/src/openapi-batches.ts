import { type OpenAPIRegistry, problemResponses } from '@sp/http-kit';
import { z } from 'zod';
import { zBatchRow, zBatchStatus, zCreateBatchJsonRequest } from './batch-schemas.js';

/**
 * Registers the cohort-issuance routes (`/v1/batches…`, docs/bulk-issuance.md) in the issuer's OpenAPI document.
 * @example registerBatchPaths(registry);
 */
export function registerBatchPaths(r: OpenAPIRegistry): void {
  const bearer = [{ bearer: [] }];
  const status = { content: { 'application/json': { schema: zBatchStatus } } };
  const id = z.object({ id: z.uuid() });
  r.registerPath({
    method: 'post',
    path: '/v1/batches',
    summary:
      'Upload a cohort: CSV (streamed, ≤ 50,000 rows / 20 MB) or the same rows as JSON (organisation API key)',
    description:
      'CSV columns: email, name, date_of_birth, catalogue_code, completion_date, delivery_mode, assessment_method, ' +
      'assessor, row_id (docs/bulk-issuance.md). Bad rows are reported with line, column and reason; good rows are ' +
      'issued by background jobs. A wrong encoding, a missing column or an empty file is one 400 and creates nothing.',
    security: bearer,
    request: {
      headers: z.object({ 'idempotency-key': z.string().max(200).optional() }),
      body: {
        content: {
          'text/csv': { schema: z.string() },
          'application/json': { schema: zCreateBatchJsonRequest.extend({ rows: z.array(zBatchRow) }) },
        },
      },
    },
    responses: {
      202: { description: 'Accepted: every row persisted, issuance under way', ...status },
      200: { description: 'The batch made earlier with this Idempotency-Key', ...status },
      ...problemResponses(400, 401, 413, 415),
    },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/batches/{id}',
    summary:
      'Status of a batch: state, counts of pending, done, failed, invalid and duplicate rows, the first bad rows',
    security: bearer,
    request: { params: id },
    responses: { 200: { description: 'Batch status', ...status }, ...problemResponses(401, 404) },
  });
  r.registerPath({
    method: 'get',
    path: '/v1/batches/{id}/result.csv',
    summary: 'Result file: line, row_id, email, status, offer_id, offer_uri, error for every row',
    security: bearer,
    request: { params: id },
    responses: {
      200: {
        description: 'CSV (RFC 4180); cells escaped against formula injection',
        content: { 'text/csv': { schema: z.string() } },
      },
      ...problemResponses(401, 404),
    },
  });
}
