import { enqueue, JOBS, statusChangedJobId, withTimeout, zStatusChangedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';

const ENQUEUE_TIMEOUT_MS = 2_000;

/**
 * Enqueues one outbox event as `status.changed.v1` (job id from the event id, so a second send of the same
 * event while the first is still queued is a no-op, and receivers dedupe by the idempotency key anyway) and
 * deletes its outbox row. Never throws: on failure the row stays for the relay, and the reason is logged.
 * @example await publishStatusEvent(ctx, { eventId, payload });
 */
export async function publishStatusEvent(
  ctx: Pick<IssuerContext, 'statusChanges' | 'statuses' | 'logger'>,
  row: { eventId: string; payload: unknown },
): Promise<boolean> {
  try {
    if (!ctx.statusChanges) throw new Error('no status-changes queue');
    const job = zStatusChangedJob.parse(row.payload);
    await withTimeout(
      enqueue(ctx.statusChanges, JOBS.statusChanged, zStatusChangedJob, job, statusChangedJobId(row.eventId)),
      ENQUEUE_TIMEOUT_MS,
    );
  } catch (err) {
    ctx.logger.warn(
      { eventId: row.eventId, err: { message: (err as Error).message } },
      'status.changed not enqueued yet; it stays in the outbox',
    );
    return false;
  }
  try {
    await ctx.statuses.outboxSent(row.eventId);
  } catch (err) {
    // Enqueued but still listed: the relay sends it again later, which the job id and idempotency key absorb.
    ctx.logger.warn(
      { eventId: row.eventId, err: { message: (err as Error).message } },
      'outbox row not cleared',
    );
  }
  return true;
}

/**
 * The outbox relay: enqueues status events whose own request could not (Redis was down or the process died
 * between commit and enqueue), oldest first, `batch` at a time. Rows younger than `graceMs` are left to their
 * request. Returns how many were sent; stops at the first failure (the queue is likely still down).
 * @example setInterval(() => relayStatusOutbox(ctx, { graceMs: 5_000 }), 10_000);
 */
export async function relayStatusOutbox(
  ctx: Pick<IssuerContext, 'statusChanges' | 'statuses' | 'logger'>,
  opts: { graceMs: number; batch?: number; now?: Date },
): Promise<number> {
  const now = opts.now ?? new Date();
  const due = await ctx.statuses.outboxDue(new Date(now.getTime() - opts.graceMs), opts.batch ?? 100);
  let sent = 0;
  for (const row of due) {
    if (!(await publishStatusEvent(ctx, row))) break;
    sent++;
  }
  if (sent > 0) ctx.logger.info({ sent }, 'status events relayed from the outbox');
  return sent;
}
