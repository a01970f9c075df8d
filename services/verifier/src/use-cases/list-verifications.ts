import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { VerificationStore } from '../store/verification-store.js';
import type { VerificationReport } from './build-report.js';

/** A cursor is the keyset position of the last item of a page: base64url of `<ISO time>|<uuid>`. */
function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(time ?? '');
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new AppError('validation_failed', {
      detail: 'Invalid request query: /query/cursor',
      errors: [{ path: '/query/cursor', message: 'not a cursor from a previous page' }],
    });
  }
  return { createdAt, id };
}

const encodeCursor = (createdAt: Date, id: string) =>
  Buffer.from(`${createdAt.toISOString()}|${id}`, 'utf8').toString('base64url');

/**
 * The account's stored reports, newest first, one page at a time. `nextCursor` is absent on the last page.
 * @example const page = await listVerifications(verifications, account, { limit: 20 });
 */
export async function listVerifications(
  verifications: VerificationStore,
  account: Account,
  opts: { limit: number; cursor?: string },
): Promise<{ items: VerificationReport[]; nextCursor?: string }> {
  const before = opts.cursor ? decodeCursor(opts.cursor) : undefined;
  // One extra row tells whether there is a next page without a COUNT.
  const rows = await verifications.listOwn(account.id, {
    limit: opts.limit + 1,
    ...(before ? { before } : {}),
  });
  const page = rows.slice(0, opts.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => r.report as VerificationReport),
    ...(rows.length > opts.limit && last ? { nextCursor: encodeCursor(last.createdAt, last.id) } : {}),
  };
}
