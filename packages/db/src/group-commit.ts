/** Options of {@link createGroupCommit}. */
export interface GroupCommitOptions {
  /** Most items written by one call of `write`. Default 64. */
  maxBatch?: number;
  /**
   * Most calls of `write` running at once (each takes a pooled connection). Default 1: the next statement then
   * takes everything that arrived meanwhile, and fewer, larger statements cost the caller's process less CPU per
   * item (for the verifier's reports, 6–12% more verifications per CPU second than with 2; bench/experiments/ab.ts).
   */
  maxInFlight?: number;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit: callers add one item each and wait for it to be durable; items that arrive while earlier writes
 * are running are written together by one call of `write` (one statement, one round trip, one commit). When the
 * database keeps up, an item is written at once on its own, so a quiet service gains no latency; under load the
 * batches grow by themselves. If a batch fails, each of its items is written again on its own, so one bad item
 * fails only its own caller and never the others that happened to share its batch.
 *
 * @example
 * const add = createGroupCommit<Row>((rows) => db.query(INSERT_MANY, [JSON.stringify(rows)]).then(() => {}));
 * await add(row); // resolves once the row is committed
 */
export function createGroupCommit<T>(
  write: (items: T[]) => Promise<void>,
  opts: GroupCommitOptions = {},
): (item: T) => Promise<void> {
  const maxBatch = opts.maxBatch ?? 64;
  const maxInFlight = opts.maxInFlight ?? 1;
  if (!(maxBatch >= 1 && maxInFlight >= 1)) throw new TypeError('createGroupCommit: limits must be ≥ 1');
  let queue: Pending<T>[] = [];
  let inFlight = 0;

  const settleAlone = (p: Pending<T>) => write([p.item]).then(p.resolve, p.reject);

  const pump = (): void => {
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
      queue = batch === queue ? [] : queue.slice(maxBatch);
      inFlight++;
      write(batch.map((p) => p.item))
        .then(
          () => {
            for (const p of batch) p.resolve();
          },
          async (err: unknown) => {
            // Alone, the error is the item's own. Together, find out whose it is by writing each on its own.
            if (batch.length === 1) batch[0]!.reject(err);
            else await Promise.all(batch.map(settleAlone));
          },
        )
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return (item: T) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
