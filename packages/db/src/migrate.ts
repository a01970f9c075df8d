import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The few operations the migrator needs; implemented over `pg` and over PGlite. */
export interface SqlRunner {
  query(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>;
  exec(sql: string): Promise<void>;
  lock(): Promise<void>;
  unlock(): Promise<void>;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const defaultDir = resolve(here, '../../../prisma/migrations');

/**
 * Migration folders in the order they apply, each with its SQL and a SHA-256 checksum.
 * @example listMigrations().map((m) => m.name)
 */
export function listMigrations(dir: string = defaultDir): { name: string; sql: string; checksum: string }[] {
  if (!existsSync(dir)) throw new TypeError(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * Applies, in name order, every migration not yet recorded in `_sp_migrations`, each in its own
 * transaction. A migration whose file changed after it was applied stops the start-up (checksum mismatch),
 * because silently diverging schemas lose data.
 * @example await migrate(runner)
 */
export async function migrate(runner: SqlRunner, dir: string = defaultDir): Promise<MigrationResult> {
  const migrations = listMigrations(dir);
  await runner.lock();
  try {
    await runner.exec(
      'CREATE TABLE IF NOT EXISTS "_sp_migrations" (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const rows = await runner.query('SELECT name, checksum FROM "_sp_migrations"');
    const done = new Map(rows.map((r) => [String(r['name']), String(r['checksum'])]));
    const applied: string[] = [];
    for (const m of migrations) {
      const previous = done.get(m.name);
      if (previous !== undefined) {
        if (previous !== m.checksum) {
          throw new Error(`migration ${m.name} was changed after it was applied (checksum mismatch)`);
        }
        continue;
      }
      await runner.exec(
        `BEGIN;\n${m.sql}\nINSERT INTO "_sp_migrations" (name, checksum) VALUES ('${m.name.replaceAll("'", "''")}', '${m.checksum}');\nCOMMIT;`,
      );
      applied.push(m.name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } catch (err) {
    await runner.exec('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await runner.unlock();
  }
}
