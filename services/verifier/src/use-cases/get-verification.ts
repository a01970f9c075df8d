import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { VerificationStore } from '../store/verification-store.js';
import type { VerificationReport } from './build-report.js';

/**
 * One of the account's own stored reports. Missing and someone else's are the same 404, so report ids do
 * not leak across accounts; an
 * `undefined` id (one that is not a UUID) is missing too.
 * @example const report = await getVerification(verifications, account, id);
 */
export async function getVerification(
  verifications: VerificationStore,
  account: Account,
  id: string | undefined,
): Promise<VerificationReport> {
  const row = id ? await verifications.findOwn(account.id, id) : null;
  if (!row) throw new AppError('not_found', { detail: 'No such verification' });
  return row.report as VerificationReport;
}
