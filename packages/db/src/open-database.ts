import { mkdirSync } from 'node:fs';
import { PrismaClient } from './generated/client.js';
import { migrate, type MigrationResult, type SqlRunner } from './migrate.js';

export interface DatabaseOptions {
  /** PostgreSQL connection string. When absent, an embedded PGlite database is opened in `dataDir`. */
  url?: string | undefined;
  /** Folder for the embedded PGlite data. Default `.data/pglite`. Use `memory://` for a throw-away one. */
  dataDir?: string | undefined;
  /** Apply pending migrations before returning. Default true. */
  migrate?: boolean | undefined;
  /** Folder holding `<name>/migration.sql`. Default `prisma/migrations` under the repository root. */
  migrationsDir?: string | undefined;
  /** Largest number of pooled PostgreSQL connections. Default 10. */
  poolSize?: number | undefined;
}

/** A parameterised raw SQL call (`$1`, `$2`, …) answering the rows. */
export type SqlQuery = <T = Record<string, unknown>>(
  sql: string,
  params?: readonly unknown[],
) => Promise<T[]>;

export interface Database {
  prisma: PrismaClient;
  kind: 'postgresql' | 'pglite';
  migrations: MigrationResult;
  /**
   * One parameterised SQL statement (`$1`, `$2`, …) straight on the driver, bypassing Prisma's query layer: for
   * the few hot paths where that layer is most of the cost (a verification's single INSERT). Same connection
   * pool as Prisma on PostgreSQL; the same PGlite instance when embedded.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * Runs `fn` in one transaction on one connection, with raw SQL like {@link query}: COMMIT when it resolves,
   * ROLLBACK when it throws (the error is rethrown). For hot paths of a few statements.
   */
  transaction<T>(fn: (query: SqlQuery) => Promise<T>): Promise<T>;
  /** `SELECT 1`; rejects when the database is unreachable (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the product database. One call per process; the returned Prisma client is shared by that process's
 * stores.
 * @example const db = await openDatabase({ url: config.databaseUrl });
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url, options);
  return openPglite(options.dataDir ?? '.data/pglite', options);
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const pg = await import('pg');
  let migrations: MigrationResult = { applied: [], alreadyApplied: 0 };
  if (options.migrate !== false) {
    const client = new pg.default.Client({ connectionString: url });
    await client.connect();
    try {
      const runner: SqlRunner = {
        query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
        exec: async (sql) => {
          await client.query(sql);
        },
        // Serialises concurrent starters (several services or replicas migrating at once).
        lock: async () => {
          await client.query('SELECT pg_advisory_lock(727274)');
        },
        unlock: async () => {
          await client.query('SELECT pg_advisory_unlock(727274)');
        },
      };
      migrations = await migrate(runner, options.migrationsDir);
    } finally {
      await client.end();
    }
  }
  // One pool for Prisma and for `query`, so the raw hot path does not open connections of its own.
  const pool = new pg.default.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle connection dropped by the server (a restart) is not fatal: the pool opens a new one on next use.
  pool.on('error', () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    prisma,
    kind: 'postgresql',
    migrations,
    query: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await pool.query(sql, params as unknown[])).rows as T[],
    transaction: async <T>(fn: (query: SqlQuery) => Promise<T>) => {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(async <R>(sql: string, params: readonly unknown[] = []) => {
          return (await client.query(sql, params as unknown[])).rows as R[];
        });
        await client.query('COMMIT');
        return result;
      } catch (err) {
        // A connection that cannot even roll back is not given back to the pool.
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw err;
      } finally {
        client.release(broken);
      }
    },
    ping: async () => {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(dataDir: string, options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PrismaPGlite } = await import('pglite-prisma-adapter');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const lite = await PGlite.create(dataDir);
  let migrations: MigrationResult = { applied: [], alreadyApplied: 0 };
  if (options.migrate !== false) {
    const runner: SqlRunner = {
      query: async (sql, params) =>
        (await lite.query(sql, params as unknown[])).rows as Record<string, unknown>[],
      exec: async (sql) => {
        await lite.exec(sql);
      },
      lock: async () => {},
      unlock: async () => {},
    };
    migrations = await migrate(runner, options.migrationsDir);
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite) });
  return {
    prisma,
    kind: 'pglite',
    migrations,
    query: async <T>(sql: string, params: readonly unknown[] = []) =>
      (await lite.query<T>(sql, params as unknown[])).rows,
    transaction: <T>(fn: (query: SqlQuery) => Promise<T>) =>
      lite.transaction((tx) =>
        fn(
          async <R>(sql: string, params: readonly unknown[] = []) =>
            (await tx.query<R>(sql, params as unknown[])).rows,
        ),
      ),
    ping: async () => {
      await lite.query('SELECT 1');
    },
    close: async () => {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}
