import { refreshDueDate } from '@sp/care-catalogue';
import type { CredentialSummaryView } from './list-credentials.js';

/** How a credential stands today, in the words the worker sees on its card. */
export type CredentialStanding = 'current' | 'refresh_due_soon' | 'refresh_overdue' | 'expired';

/** A credential summary with its refresh date and standing. */
export interface CredentialCard extends CredentialSummaryView {
  /** YYYY-MM-DD when the catalogue says the training should be refreshed; null for one-off training. */
  refreshDue: string | null;
  standing: CredentialStanding;
}

/** Refresh dates this close (in days) read as "due soon". */
const DUE_SOON_DAYS = 60;

/**
 * Adds the refresh date (care catalogue, from the completion date) and today's standing to a credential
 * summary: expired (past `validUntil`) wins, then overdue, then due within 60 days, else current.
 * @example describeCredential(summary, new Date()).standing // 'current'
 */
export function describeCredential(summary: CredentialSummaryView, now: Date): CredentialCard {
  let refreshDue: string | null = null;
  if (summary.catalogueCode && summary.completionDate) {
    try {
      refreshDue = refreshDueDate(summary.catalogueCode, summary.completionDate.slice(0, 10));
    } catch {
      // A code this catalogue version does not know has no refresh rule to show.
      refreshDue = null;
    }
  }
  const today = now.toISOString().slice(0, 10);
  const soon = new Date(now.getTime() + DUE_SOON_DAYS * 86_400_000).toISOString().slice(0, 10);
  let standing: CredentialStanding = 'current';
  if (summary.validUntil && summary.validUntil <= now.toISOString()) standing = 'expired';
  else if (refreshDue && refreshDue <= today) standing = 'refresh_overdue';
  else if (refreshDue && refreshDue <= soon) standing = 'refresh_due_soon';
  return { ...summary, refreshDue, standing };
}
