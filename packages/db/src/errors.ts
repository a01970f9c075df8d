import { Prisma } from './generated/client.js';

/**
 * True when `err` is Prisma's unique-constraint violation (P2002): used to turn a lost race into an
 * idempotent "already there" instead of a 500.
 * @example if (isUniqueViolation(err)) return existing;
 */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002';
}
