import type { PresentationReport } from '@sp/credential';
import type { VerifiedCredentialRow } from '../store/verification-store.js';

/** Indices above this are not stored (an INT column; the spec's indices are far smaller in practice). */
const MAX_INDEX = 2_147_483_647;

/**
 * The status entries of every credential in a verification whose signature verified (an unsigned claim names
 * nothing we could be told about), as rows to remember so later status changes reach the account's webhook
 * subscriptions. Stored in the same statement as the report (`VerificationStore.insert`).
 * @example const rows = verifiedCredentialRows({ accountId, verificationId }, presentationReport);
 */
export function verifiedCredentialRows(
  ids: { accountId: string; verificationId: string },
  pr: PresentationReport,
): VerifiedCredentialRow[] {
  const rows: VerifiedCredentialRow[] = [];
  for (const c of pr.credentials) {
    const signed = c.checks.some((k) => k.name === 'signature' && k.result === 'pass');
    if (!signed || !c.summary || !c.issuer) continue;
    const credentialId = c.id ?? c.summary.id;
    if (!credentialId) continue;
    for (const e of c.summary.statusEntries) {
      const index = Number(e.statusListIndex);
      if (index > MAX_INDEX) continue;
      rows.push({
        accountId: ids.accountId,
        verificationId: ids.verificationId,
        credentialId,
        issuerDid: c.summary.issuerDid ?? c.issuer,
        statusListCredential: e.statusListCredential,
        statusListIndex: index,
        purpose: e.statusPurpose,
      });
    }
  }
  return rows;
}
