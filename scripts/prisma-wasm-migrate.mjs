// Offline replacement for `prisma migrate dev|deploy|diff` and `db push`:
// drives @prisma/schema-engine-wasm through a Prisma driver adapter (no native schema-engine binary).
// usage: node wasm-migrate.mjs <diff|dev NAME|deploy|push|status|diff-schemas OLD.prisma>
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// The package entry imports "./schema_engine_bg.wasm" (bundler style); Node cannot, so instantiate by hand.
const require = createRequire(import.meta.url);
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: '',
  set_message(m) {
    this.message = `RuntimeError: ${m}`;
  },
}; // wasm panics report here
const wasmFile = path.join(
  path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
  'schema_engine_bg.wasm',
);
const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmFile), {
  './schema_engine_bg.js': bg,
});
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start?.();

const SCHEMA = path.resolve(process.env.PRISMA_SCHEMA ?? 'prisma/schema.prisma');
const MIGRATIONS = path.resolve(process.env.PRISMA_MIGRATIONS ?? 'prisma/migrations');
const schemaFile = { path: SCHEMA, content: fs.readFileSync(SCHEMA, 'utf8') };
const filters = { externalTables: [], externalEnums: [] };

async function adapterFactory() {
  const kind = process.env.DB_KIND ?? 'pg';
  if (kind === 'pg') {
    const { PrismaPg } = await import('@prisma/adapter-pg');
    // Discrete fields, not connectionString: connectToShadowDb() does new Pool({ ...config, database: shadow }) and a
    // connectionString would override that `database`, so the "shadow" would be the main database.
    const u = new URL(process.env.DATABASE_URL);
    const cfg = {
      host: u.hostname,
      port: Number(u.port || 5432),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      database: u.pathname.slice(1),
    };
    const factory = new PrismaPg(cfg);
    // adapter-pg's own connectToShadowDb drops the shadow database before closing its pool, which fails
    // ("is being accessed by other users"); manage the shadow database here instead.
    factory.connectToShadowDb = async () => {
      const main = await factory.connect();
      const name = `prisma_shadow_${crypto.randomUUID().replaceAll('-', '')}`;
      await main.executeScript(`CREATE DATABASE "${name}"`);
      const shadow = await new PrismaPg({ ...cfg, database: name }).connect();
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose();
        await main.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        await main.dispose();
      };
      return shadow;
    };
    return { factory };
  }
  if (kind === 'pglite') {
    const { PGlite } = await import('@electric-sql/pglite');
    const { PrismaPGlite } = await import('pglite-prisma-adapter');
    const db = new PGlite(process.env.PGLITE_DIR ?? 'memory://');
    return { factory: new PrismaPGlite(db), close: () => db.close() };
  }
  if (kind === 'sqlite') {
    const { PrismaBetterSqlite3 } = await import('@prisma/adapter-better-sqlite3');
    return { factory: new PrismaBetterSqlite3({ url: process.env.DATABASE_URL }) };
  }
  throw new Error(`unknown DB_KIND ${kind}`);
}

function migrationsList() {
  const dirs = fs.existsSync(MIGRATIONS)
    ? fs
        .readdirSync(MIGRATIONS, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  const lock = path.join(MIGRATIONS, 'migration_lock.toml');
  return {
    baseDir: MIGRATIONS,
    shadowDbInitScript: '',
    lockfile: {
      path: 'migration_lock.toml',
      content: fs.existsSync(lock) ? fs.readFileSync(lock, 'utf8') : null,
    },
    migrationDirectories: dirs.map((d) => {
      const f = path.join(MIGRATIONS, d, 'migration.sql');
      return {
        path: d,
        migrationFile: {
          path: 'migration.sql',
          content: fs.existsSync(f)
            ? { tag: 'ok', value: fs.readFileSync(f, 'utf8') }
            : { tag: 'error', value: 'missing' },
        },
      };
    }),
  };
}

const [cmd, arg] = process.argv.slice(2);
const { factory, close } = await adapterFactory();
const opened = [];
const tracked = {
  provider: factory.provider,
  adapterName: factory.adapterName,
  connect: async () => {
    const a = await factory.connect();
    opened.push(a);
    return patchCharType(a);
  },
  connectToShadowDb: async () => {
    const a = await factory.connectToShadowDb();
    opened.push(a);
    return patchCharType(patchMultiStatement(a));
  },
};
// @prisma/adapter-pg has no mapping for PostgreSQL's internal "char" type (OID 18), which the engine's
// introspection queries return (pg_class.relkind etc.): report it as text (OID 25).
function patchCharType(a) {
  if (factory.adapterName !== '@prisma/adapter-pg' || typeof a.performIO !== 'function') return a;
  const io = a.performIO.bind(a);
  a.performIO = async (q) => {
    const r = await io(q);
    for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
    return r;
  };
  return a;
}
// better-sqlite3 refuses multi-statement strings in prepare(); the wasm engine replays whole migration files
// on the shadow DB through executeRaw, so route those through executeScript instead.
function patchMultiStatement(a) {
  if (factory.provider !== 'sqlite') return a;
  const raw = a.executeRaw.bind(a);
  a.executeRaw = async (q) =>
    q.args.length === 0 && /;\s*\S/.test(q.sql) ? (await a.executeScript(q.sql), 0) : raw(q);
  return a;
}
const engine = await bg.SchemaEngine.new(
  { datamodels: [[schemaFile.path, schemaFile.content]] },
  () => {},
  bindMigrationAwareSqlAdapterFactory(tracked),
);
let code = 0;
try {
  if (cmd === 'diff') {
    // empty -> schema (like: prisma migrate diff --from-empty --to-schema ... --script)
    process.stdout.write(
      (
        await engine.diff({
          from: { tag: 'empty' },
          to: { tag: 'schemaDatamodel', files: [schemaFile] },
          script: true,
          exitCode: null,
          filters,
        })
      ).stdout ?? '',
    );
  } else if (cmd === 'diff-schemas') {
    // old schema file -> current schema; needs no database at all
    const old = { path: SCHEMA, content: fs.readFileSync(arg, 'utf8') };
    process.stdout.write(
      (
        await engine.diff({
          from: { tag: 'schemaDatamodel', files: [old] },
          to: { tag: 'schemaDatamodel', files: [schemaFile] },
          script: true,
          exitCode: null,
          filters,
        })
      ).stdout ?? '',
    );
  } else if (cmd === 'dev') {
    // like: prisma migrate dev --name NAME (uses the adapter's shadow DB)
    // applyMigrations first: creates _prisma_migrations (SQLite's devDiagnostic fails without it) and applies pending ones.
    await engine.applyMigrations({ migrationsList: migrationsList(), filters });
    // Then devDiagnostic, as the CLI does: without it createMigration fails with
    // "... shadow DB must be provided through an external factory".
    const diag = await engine.devDiagnostic({ migrationsList: migrationsList(), filters });
    if (diag.action.tag === 'reset') throw new Error(`drift detected, reset needed: ${diag.action.reason}`);
    const out = await engine.createMigration({
      draft: false,
      migrationName: arg ?? 'migration',
      migrationsList: migrationsList(),
      schema: { files: [schemaFile] },
      filters,
    });
    if (out.migrationScript) {
      fs.mkdirSync(path.join(MIGRATIONS, out.generatedMigrationName), { recursive: true });
      fs.writeFileSync(
        path.join(MIGRATIONS, out.generatedMigrationName, 'migration.sql'),
        out.migrationScript,
      );
      fs.writeFileSync(path.join(MIGRATIONS, 'migration_lock.toml'), `provider = "${out.connectorType}"\n`);
      console.error('created', out.generatedMigrationName);
    } else console.error('no schema changes');
    console.error(
      'applied',
      (await engine.applyMigrations({ migrationsList: migrationsList(), filters })).appliedMigrationNames,
    );
  } else if (cmd === 'deploy') {
    // like: prisma migrate deploy (writes _prisma_migrations)
    console.error(
      'applied',
      (await engine.applyMigrations({ migrationsList: migrationsList(), filters })).appliedMigrationNames,
    );
  } else if (cmd === 'push') {
    // like: prisma db push --accept-data-loss
    console.error(
      'push',
      JSON.stringify(await engine.schemaPush({ force: true, schema: { files: [schemaFile] }, filters })),
    );
  } else if (cmd === 'status') {
    console.error(
      JSON.stringify(
        await engine.diagnoseMigrationHistory({
          migrationsList: migrationsList(),
          optInToShadowDatabase: false,
          filters,
        }),
      ),
    );
  } else {
    console.error('usage: wasm-migrate.mjs diff|diff-schemas OLD|dev NAME|deploy|push|status');
    code = 2;
  }
} catch (e) {
  console.error('FAILED', e.message, globalThis.PRISMA_WASM_PANIC_REGISTRY.message);
  code = 1;
}
engine.free();
for (const a of opened) await a.dispose?.().catch(() => {});
await close?.();
process.exit(code); // a pg pool can otherwise keep the process alive ~10 s after applyMigrations
