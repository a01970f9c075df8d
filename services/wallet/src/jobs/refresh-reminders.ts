import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import type { Queue } from '@sp/queue';
import { createEmailStore } from '../store/email-store.js';
import { createNotificationStore } from '../store/notification-store.js';
import { createReminderStore } from '../store/reminder-store.js';
import { describeCredential } from '../use-cases/describe-credential.js';
import { toCredentialSummary } from '../use-cases/list-credentials.js';
import { queueEmail } from './send-email.js';

/** The notification kind of a refresh reminder. */
export const REFRESH_DUE_KIND = 'refresh-due';

/** Days before the refresh date at which a worker is told, most distant first. */
export const REMINDER_THRESHOLDS = [60, 30, 0] as const;

/** Credentials lapsed longer ago than this (days) get no reminder: a first scan must not flood old records. */
const LAPSED_CUTOFF_DAYS = 30;
const PAGE = 500;
const DAY_MS = 86_400_000;

/**
 * The threshold a credential has reached, if any: the smallest of 60, 30, 0 that `daysLeft` is at or under
 * (so a record first seen 20 days out is reminded once, at 30, not also at 60).
 * @example reminderThreshold(45) // 60; reminderThreshold(-3) // 0; reminderThreshold(90) // null
 */
export function reminderThreshold(daysLeft: number): (typeof REMINDER_THRESHOLDS)[number] | null {
  if (daysLeft < -LAPSED_CUTOFF_DAYS) return null;
  let reached: (typeof REMINDER_THRESHOLDS)[number] | null = null;
  for (const t of REMINDER_THRESHOLDS) if (daysLeft <= t) reached = t;
  return reached;
}

/**
 * Processor of the scheduled `notification.refresh-reminders.v1`: reads every stored credential, works out when
 * it falls due — the care catalogue's refresh period from the completion date (`refreshDueDate`), or the
 * credential's own `validUntil` when that is sooner (an issuer, or an employer signing off, can set one) — and
 * tells the worker once per threshold (60, 30, 0 days) in the wallet inbox and by email. The notification and the
 * email are keyed `refresh-due:<credential>:<threshold>`, so running the scan again, or twice at once, tells
 * nobody twice. Employer policies live in the verifier, which the wallet does not read, so they do not change
 * these dates. The clock is injected.
 * @returns how many new reminders it wrote
 * @example await refreshRemindersProcessor({ db, logger, email, now: () => new Date() })();
 */
export function refreshRemindersProcessor(deps: {
  db: Database;
  logger: Logger;
  email?: Queue;
  now?: () => Date;
  /** Where workers sign in, named in the email. */
  walletUrl?: string;
}): () => Promise<number> {
  const store = createReminderStore(deps.db);
  const notifications = createNotificationStore(deps.db);
  const emails = createEmailStore(deps.db);
  const clock = deps.now ?? (() => new Date());
  return async () => {
    const now = clock();
    const today = Date.parse(now.toISOString().slice(0, 10));
    let written = 0;
    let after: string | null = null;
    for (;;) {
      const page = await store.page(after, PAGE);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id ?? null;
      for (const c of page) {
        const card = describeCredential(toCredentialSummary(c), now);
        const expiry = c.validUntil ? c.validUntil.toISOString().slice(0, 10) : null;
        const due = [card.refreshDue, expiry].filter((d): d is string => d !== null).sort()[0];
        if (!due) continue;
        const daysLeft = Math.round((Date.parse(due) - today) / DAY_MS);
        const threshold = reminderThreshold(daysLeft);
        if (threshold === null) continue;
        const dedupeKey = `${REFRESH_DUE_KIND}:${c.id}:${threshold}`;
        const title =
          daysLeft <= 0 ? `"${c.name}" is due for refresh now` : `"${c.name}" is due for refresh on ${due}`;
        const body =
          daysLeft <= 0
            ? `Hello ${c.workerName}, your "${c.name}" training fell due for refresh on ${due}. Book a refresher so employers can rely on it.`
            : `Hello ${c.workerName}, your "${c.name}" training is due for refresh on ${due} (in ${daysLeft} days). Book a refresher before then.`;
        await notifications.upsert({
          dedupeKey,
          email: c.workerEmail,
          kind: REFRESH_DUE_KIND,
          title,
          body,
          link: null,
        });
        const { created } = await queueEmail(
          { emails, queue: deps.email, logger: deps.logger },
          {
            dedupeKey,
            to: c.workerEmail,
            subject: title,
            text: `${body}${deps.walletUrl ? `\n\nYour wallet: ${deps.walletUrl}` : ''}`,
          },
        );
        if (created) written++;
      }
    }
    deps.logger.info({ reminders: written }, 'refresh reminders scanned');
    return written;
  };
}
