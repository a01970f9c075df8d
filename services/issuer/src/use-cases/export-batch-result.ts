import { csvCell } from '@sp/care-catalogue';
import { credentialOfferUri } from '@sp/oid4vci';
import type { BatchContext } from '../batch-context.js';
import { deriveOffer } from '../internal/derived-offer.js';
import { orgIdentity } from '../internal/identity.js';
import type { BatchRecord } from '../store/batch-store.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

const PAGE = 1_000;
const HEADER = ['line', 'row_id', 'email', 'status', 'offer_id', 'offer_uri', 'error'];

/**
 * The result file of a batch as CSV lines (RFC 4180, CRLF), one per row in line order: status, offer id and
 * offer URI of issued rows, reasons of bad ones. Read page by page, so a 50,000-row batch is never in memory.
 * Every cell goes through `csvCell`, so an uploaded `=cmd()` comes back as text, never as a formula.
 * The offer URIs are re-derived from the row ids (only their hashes are stored); they are bearer links for the
 * worker, which is why the file is served only to the organisation, with `Cache-Control: no-store`.
 * @example for await (const line of exportBatchResult(bctx, org, batch)) res.write(line);
 */
export async function* exportBatchResult(
  bctx: BatchContext,
  org: OrganisationRecord,
  batch: BatchRecord,
): AsyncGenerator<string> {
  yield `${HEADER.join(',')}\r\n`;
  const issuerUrl = orgIdentity(bctx.issuer.config.baseUrl, org.slug).issuer;
  let after = 0;
  for (;;) {
    const rows = await bctx.batches.page(batch.id, after, PAGE);
    if (rows.length === 0) return;
    let out = '';
    for (const row of rows) {
      const input = (row.input ?? {}) as { rowId?: string; email?: string };
      const errors = (row.errors ?? []) as { column?: string; reason: string; detail?: string }[];
      const offerUri =
        row.state === 'done'
          ? credentialOfferUri(`${issuerUrl}/offers/${deriveOffer(bctx.issuer.kek, row.id).ref}`)
          : '';
      const cells = [
        String(row.line),
        input.rowId ?? '',
        input.email ?? '',
        row.state,
        row.offerId ?? '',
        offerUri,
        errors
          .map((e) => `${e.column ? `${e.column}: ` : ''}${e.reason}${e.detail ? ` (${e.detail})` : ''}`)
          .join('; '),
      ];
      out += `${cells.map(csvCell).join(',')}\r\n`;
    }
    yield out;
    after = rows[rows.length - 1]?.line ?? after;
  }
}
