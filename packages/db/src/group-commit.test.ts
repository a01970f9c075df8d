import { createGroupCommit } from './group-commit.js';

/** A write whose calls are recorded and completed by the test, one at a time, in order. */
function controlledWrite(failOn: (item: number) => boolean = () => false) {
  const calls: number[][] = [];
  const waiting: (() => void)[] = [];
  const write = (items: number[]) => {
    calls.push([...items]);
    return new Promise<void>((resolve, reject) => {
      waiting.push(() => (items.some(failOn) ? reject(new Error(`bad ${items.join(',')}`)) : resolve()));
    });
  };
  const completeNext = async () => {
    waiting.shift()?.();
    // Let the settled promise's handlers (and the next batch's start) run.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { calls, write, completeNext, pending: () => waiting.length };
}

describe('createGroupCommit', () => {
  it('writes an item at once when nothing is in flight (no added latency when quiet)', async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write, { maxInFlight: 1 });
    const done = add(1);
    expect(w.calls).toEqual([[1]]);
    await w.completeNext();
    await expect(done).resolves.toBeUndefined();
  });

  it('batches the items that arrive while a write runs, and answers each caller only after its own batch', async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write, { maxInFlight: 1 });
    const settled: number[] = [];
    const all = [1, 2, 3, 4].map((n) => add(n).then(() => settled.push(n)));
    expect(w.calls).toEqual([[1]]);
    await w.completeNext();
    expect(settled).toEqual([1]);
    expect(w.calls).toEqual([[1], [2, 3, 4]]);
    await w.completeNext();
    await Promise.all(all);
    expect(settled).toEqual([1, 2, 3, 4]);
  });

  it('keeps at most maxInFlight writes running and at most maxBatch items in one', async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write, { maxInFlight: 2, maxBatch: 2 });
    const all = [1, 2, 3, 4, 5, 6].map((n) => add(n));
    expect(w.calls).toEqual([[1], [2]]);
    await w.completeNext();
    expect(w.calls).toEqual([[1], [2], [3, 4]]);
    while (w.pending() > 0) await w.completeNext();
    await Promise.all(all);
    expect(w.calls).toEqual([[1], [2], [3, 4], [5, 6]]);
  });

  it('runs one write at a time by default, so everything that arrives meanwhile shares the next one', async () => {
    const w = controlledWrite();
    const add = createGroupCommit(w.write);
    const all = [1, 2, 3].map((n) => add(n));
    expect(w.calls).toEqual([[1]]);
    await w.completeNext();
    expect(w.calls).toEqual([[1], [2, 3]]);
    await w.completeNext();
    await Promise.all(all);
  });

  it('fails only the bad item of a failed batch: the others are written again on their own and succeed', async () => {
    const w = controlledWrite((n) => n === 3);
    const add = createGroupCommit(w.write, { maxInFlight: 1 });
    const results = [1, 2, 3, 4].map((n) =>
      add(n).then(
        () => 'ok',
        (err: Error) => err.message,
      ),
    );
    while (w.pending() > 0) await w.completeNext();
    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'bad 3', 'ok']);
    expect(w.calls).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('refuses limits below one', () => {
    expect(() => createGroupCommit(async () => {}, { maxBatch: 0 })).toThrow(TypeError);
  });
});
