import type { Database } from '@sp/db';

/** What an organisation may do to one of its credentials. */
export type StatusAction = 'revoke' | 'suspend' | 'reinstate';
/** A credential's lifecycle: active ⇄ suspended; active or suspended → revoked (final). */
export type CredentialState = 'active' | 'suspended' | 'revoked';

/** One row of the append-only audit trail (`issuer_status_event`). */
export interface StatusEventRecord {
  id: string;
  credentialId: string;
  action: StatusAction;
  reason: string;
  apiKeyId: string;
  apiKeyPrefix: string;
  purpose: 'revocation' | 'suspension';
  statusListId: string;
  statusListIndex: number;
  at: Date;
}

/** A credential as the status use-cases see it. */
export interface StatusTarget {
  id: string;
  state: CredentialState;
  statusListId: string;
  statusListIndex: number;
  suspensionListId: string | null;
  suspensionListIndex: number | null;
}

/** Which state a credential must be in for an action, which it moves to, and which list bit it sets. */
const TRANSITIONS: Record<
  StatusAction,
  { from: CredentialState[]; to: CredentialState; purpose: 'revocation' | 'suspension'; bit: 0 | 1 }
> = {
  revoke: { from: ['active', 'suspended'], to: 'revoked', purpose: 'revocation', bit: 1 },
  suspend: { from: ['active'], to: 'suspended', purpose: 'suspension', bit: 1 },
  reinstate: { from: ['suspended'], to: 'active', purpose: 'suspension', bit: 0 },
};

/**
 * Status changes of issued credentials: the credential's state, the bit in its status list (and the list's
 * version, so the served list credential and its ETag change) and the audit row, all in one transaction
 * (tables `issuer_issued_credential`, `issuer_status_list`, `issuer_status_event`, and the outbox
 * `issuer_status_outbox`). Audit rows are only ever inserted: this store has no update or delete for them.
 * @example const store = createStatusStore(db); await store.listEvents(orgId, credentialId);
 */
export function createStatusStore(db: Database) {
  const prisma = db.prisma;
  return {
    /** The organisation's credential, or null when missing or another organisation's. */
    async findCredential(organisationId: string, id: string): Promise<StatusTarget | null> {
      return prisma.issuedCredential.findFirst({
        where: { id, organisationId },
        select: {
          id: true,
          state: true,
          statusListId: true,
          statusListIndex: true,
          suspensionListId: true,
          suspensionListIndex: true,
        },
      });
    },

    /**
     * Applies `action` if the credential is (still) in an allowed state: moves the state (a conditional
     * update, so two concurrent changes cannot both apply), flips the bit with PostgreSQL `set_bit` (no
     * read-modify-write of the 16 KiB bitstring), bumps the list version and appends the audit row.
     * Returns the event, or `{ conflict: state }` when the credential is not in a state the action allows.
     */
    async applyChange(input: {
      organisationId: string;
      credential: StatusTarget;
      action: StatusAction;
      reason: string;
      apiKey: { id: string; prefix: string };
      at: Date;
      /** The audit event's id, chosen by the caller so the outbox payload can name it. */
      eventId: string;
      /** The `status.changed.v1` job data, kept in the outbox in the same transaction (see {@link outboxDue}). */
      outbox: (event: StatusEventRecord) => Record<string, unknown>;
    }): Promise<
      | { ok: true; event: StatusEventRecord; outbox: Record<string, unknown> }
      | { ok: false; state: CredentialState }
    > {
      const t = TRANSITIONS[input.action];
      const c = input.credential;
      const listId = t.purpose === 'revocation' ? c.statusListId : c.suspensionListId;
      const index = t.purpose === 'revocation' ? c.statusListIndex : c.suspensionListIndex;
      if (listId === null || index === null)
        throw new TypeError('applyChange: the credential has no such entry');
      return prisma.$transaction(async (tx) => {
        const moved = await tx.issuedCredential.updateMany({
          where: { id: c.id, organisationId: input.organisationId, state: { in: t.from } },
          data: { state: t.to },
        });
        if (moved.count !== 1) {
          const current = await tx.issuedCredential.findUniqueOrThrow({
            where: { id: c.id },
            select: { state: true },
          });
          return { ok: false as const, state: current.state };
        }
        // Our bitstring is most-significant-bit first (Bitstring Status List v1.0 §3.1: index 0 is the
        // left-most bit); PostgreSQL's set_bit numbers bits from the least significant bit of each byte.
        const pgBit = Math.floor(index / 8) * 8 + (7 - (index % 8));
        await tx.$executeRaw`UPDATE issuer_status_list
          SET bits = set_bit(bits, ${pgBit}::int, ${t.bit}::int), version = version + 1, "updatedAt" = ${input.at}
          WHERE id = ${listId}::uuid AND "organisationId" = ${input.organisationId}::uuid`;
        const created = await tx.issuerStatusEvent.create({
          data: {
            id: input.eventId,
            credentialId: c.id,
            organisationId: input.organisationId,
            action: input.action,
            reason: input.reason,
            apiKeyId: input.apiKey.id,
            apiKeyPrefix: input.apiKey.prefix,
            purpose: t.purpose,
            statusListId: listId,
            statusListIndex: index,
            at: input.at,
          },
        });
        const event = { ...created, purpose: t.purpose };
        // Outbox: the event to announce is committed with the change itself, so a queue outage loses nothing.
        const outbox = input.outbox(event);
        await tx.issuerStatusOutbox.create({
          // Wall-clock time (not the change's `at`, which tests may shift): the relay ages rows by it.
          data: { eventId: event.id, payload: outbox as object, createdAt: new Date() },
        });
        return { ok: true as const, event, outbox };
      });
    },

    /**
     * Outbox rows written at least `olderThanMs` ago (their own request had its chance to enqueue them), oldest
     * first. Each call counts an attempt on the rows it returns.
     */
    async outboxDue(
      olderThan: Date,
      limit: number,
    ): Promise<{ eventId: string; payload: unknown; attempts: number }[]> {
      return db.query(
        `UPDATE issuer_status_outbox o SET attempts = o.attempts + 1
          FROM (SELECT "eventId" FROM issuer_status_outbox WHERE "createdAt" <= $1::timestamp
                ORDER BY "createdAt" LIMIT $2) due
          WHERE o."eventId" = due."eventId"
          RETURNING o."eventId", o.payload, o.attempts`,
        [olderThan.toISOString(), limit],
      );
    },

    /** The event is on the queue: its outbox row goes. */
    async outboxSent(eventId: string): Promise<void> {
      await prisma.issuerStatusOutbox.deleteMany({ where: { eventId } });
    },

    /** Rows still waiting in the outbox (for /metrics and tests). */
    async outboxSize(): Promise<number> {
      return prisma.issuerStatusOutbox.count();
    },

    /** The audit trail of one credential, oldest first. */
    async listEvents(organisationId: string, credentialId: string): Promise<StatusEventRecord[]> {
      const rows = await prisma.issuerStatusEvent.findMany({
        where: { organisationId, credentialId },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
      });
      return rows.map(({ organisationId: _o, ...r }) => ({
        ...r,
        purpose: r.purpose as 'revocation' | 'suspension',
      }));
    },
  };
}

export type StatusStore = ReturnType<typeof createStatusStore>;
