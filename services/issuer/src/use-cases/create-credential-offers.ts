import { AppError } from '@sp/http-kit';
import { enqueue, JOBS, MAX_OFFERS_PER_JOB, offersIssuedJobId, zOffersIssuedJob } from '@sp/queue';
import type { IssuerContext } from '../context.js';
import { planCredentialOffer } from '../internal/plan-offer.js';
import type { CreateOfferRequest } from '../schemas.js';
import type { OrganisationRecord } from '../store/organisation-store.js';

/** One item's outcome: its offer, or why the catalogue or the calendar refused it. */
export type OfferOutcome =
  | { ok: true; sourceKey: string; offerId: string; offerUri: string }
  | { ok: false; sourceKey: string; reason: string; detail: string };

/**
 * Creates many offers at once, each with a source key (a batch row's id): the same rules and the same
 * derivation as {@link createCredentialOffer} (both plan offers with `planCredentialOffer`), but one INSERT for all
 * of them and one `notification.offers-issued.v1` job telling all their workers (one per
 * {@link MAX_OFFERS_PER_JOB} offers). A source whose offer exists already (a retried chunk) gets that same offer
 * back and is not inserted again; the notification job's id is a digest of the offer ids, so the same offers are
 * not announced twice either. Items the catalogue or calendar refuses come back `ok: false` with the
 * `bad_request` reason; a Redis failure throws (the caller's job retries; nothing is made twice).
 * @example const outcomes = await createCredentialOffers(ctx, org, rows.map((r) => ({ input: …, sourceKey: r.id })));
 */
export async function createCredentialOffers(
  ctx: IssuerContext,
  org: OrganisationRecord,
  items: { input: CreateOfferRequest; sourceKey: string }[],
): Promise<OfferOutcome[]> {
  const outcomes: OfferOutcome[] = [];
  const plans: ReturnType<typeof planCredentialOffer>[] = [];
  for (const item of items) {
    try {
      const plan = planCredentialOffer(ctx, org, item.input, { sourceKey: item.sourceKey });
      plans.push(plan);
      outcomes.push({
        ok: true,
        sourceKey: item.sourceKey,
        offerId: plan.record.id,
        offerUri: plan.offerUri,
      });
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'bad_request') throw err;
      const reason = String(err.extra?.['reason'] ?? 'bad_request');
      outcomes.push({ ok: false, sourceKey: item.sourceKey, reason, detail: err.detail });
    }
  }
  if (plans.length === 0) return outcomes;
  const inserted = await ctx.offers.createManyOnce(plans.map((p) => p.record));
  const existing = plans.filter((p) => !inserted.has(p.record.id)).map((p) => p.record.id);
  const expiries = existing.length ? await ctx.offers.expiries(existing, org.id) : new Map<string, Date>();
  for (const id of existing) {
    if (!expiries.has(id)) throw new Error(`offer ${id} exists for another organisation`);
  }
  if (!ctx.notifications) throw new Error('no notifications queue');
  for (let i = 0; i < plans.length; i += MAX_OFFERS_PER_JOB) {
    const group = plans.slice(i, i + MAX_OFFERS_PER_JOB);
    await enqueue(
      ctx.notifications,
      JOBS.offersIssued,
      zOffersIssuedJob,
      {
        offers: group.map((p) => ({
          ...p.notification,
          expiresAt: (expiries.get(p.record.id) ?? p.record.expiresAt).toISOString(),
        })),
      },
      offersIssuedJobId(group.map((p) => p.record.id)),
    );
  }
  ctx.logger.info(
    { organisationId: org.id, offers: inserted.size, again: existing.length },
    'credential offers created',
  );
  return outcomes;
}
