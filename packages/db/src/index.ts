/**
 * The database client for every service: Prisma 7 on PostgreSQL (`DATABASE_URL`) or, without one, on an
 * embedded PGlite data folder. Migrations are the plain SQL files in `prisma/migrations`, applied in order
 * on start by {@link migrate}, so the same files run on both.
 */
export { PrismaClient, Prisma } from './generated/client.js';
export type * from './generated/models.js';
export {
  OrganisationKind,
  KeyStatus,
  OfferState,
  BatchState,
  BatchRowState,
  WalletEmailState,
} from './generated/enums.js';
export { openDatabase, type Database, type DatabaseOptions, type SqlQuery } from './open-database.js';
export { migrate, listMigrations, type MigrationResult } from './migrate.js';
export { isUniqueViolation } from './errors.js';
export { createGroupCommit, type GroupCommitOptions } from './group-commit.js';
