import { decodeCredentialJwt } from '@sp/credential';
import { AppError } from '@sp/http-kit';
import type { WalletContext } from '../context.js';
import type { CredentialRecord } from '../store/credential-store.js';

/** What the wallet lists for a credential. Dates are ISO 8601; absent fields are null. */
export interface CredentialSummaryView {
  /** The wallet's id for this stored credential (use it in shares). */
  id: string;
  /** The credential's own id (`urn:uuid:…`). */
  credentialId: string;
  name: string;
  issuerName: string | null;
  issuerDid: string;
  catalogueCode: string | null;
  completionDate: string | null;
  deliveryMode: string | null;
  assessmentMethod: string | null;
  issuedAt: string;
  validUntil: string | null;
  receivedAt: string;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * The summary of a stored credential.
 * @example credentials.map(toCredentialSummary)
 */
export function toCredentialSummary(r: CredentialRecord): CredentialSummaryView {
  const s = (r.summary && typeof r.summary === 'object' ? r.summary : {}) as Record<string, unknown>;
  return {
    id: r.id,
    credentialId: r.credentialId,
    name: r.name,
    issuerName: r.issuerName,
    issuerDid: r.issuerDid,
    catalogueCode: r.catalogueCode,
    completionDate: str(s['completionDate']),
    deliveryMode: str(s['deliveryMode']),
    assessmentMethod: str(s['assessmentMethod']),
    issuedAt: r.issuedAt.toISOString(),
    validUntil: r.validUntil?.toISOString() ?? null,
    receivedAt: r.receivedAt.toISOString(),
  };
}

/**
 * The signed-in worker's credentials, newest first.
 * @example const list = await listCredentials(ctx, worker.id);
 */
export async function listCredentials(
  ctx: Pick<WalletContext, 'credentials'>,
  workerId: string,
): Promise<CredentialSummaryView[]> {
  return (await ctx.credentials.list(workerId)).map(toCredentialSummary);
}

/**
 * One credential: its summary, the raw JWT and the decoded `vc` (as stored at acceptance, after its
 * signature was checked).
 *
 * @throws AppError `not_found` (404) when missing or another worker's.
 * @example const { summary, jwt, vc } = await getCredential(ctx, worker.id, id);
 */
export async function getCredential(
  ctx: Pick<WalletContext, 'credentials'>,
  workerId: string,
  id: string,
): Promise<{ summary: CredentialSummaryView; jwt: string; vc: unknown }> {
  const record = await ctx.credentials.get(workerId, id);
  if (!record) throw new AppError('not_found', { detail: 'No such credential' });
  return { summary: toCredentialSummary(record), jwt: record.jwt, vc: decodeVcClaim(record.jwt) };
}

/** The `vc` claim of a JWT we stored ourselves after verifying it (a decode without signature check is enough). */
function decodeVcClaim(jwt: string): unknown {
  const decoded = decodeCredentialJwt(jwt);
  return decoded.ok ? decoded.vc : null;
}
