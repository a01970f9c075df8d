/**
 * Rejects when `p` has not settled within `ms` milliseconds (the work itself is not cancelled). Used to bound
 * queue enqueues, so a Redis outage cannot hold an API request.
 * @example await withTimeout(enqueue(queue, name, schema, payload, jobId), 2_000);
 */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
