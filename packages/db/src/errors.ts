import { Prisma } from './generated/client.js';

/**
 * True when `err` is a unique-constraint violation — Prisma's P2002, or SQLSTATE 23505 from the driver (raw SQL
 * through `Database.query`/`transaction`, PostgreSQL and PGlite alike): used to turn a lost race into an
 * idempotent "already there" or a retry instead of a 500.
 * @example if (isUniqueViolation(err)) return existing;
 */
export function isUniqueViolation(err: unknown): boolean {
  if (err instanceof Prisma.PrismaClientKnownRequestError) return err.code === 'P2002';
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';
}
