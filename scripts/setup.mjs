// Prepares a checkout to run: generates the Prisma client from prisma/schema.prisma (fast, offline).
// Prisma's CLI tries to download a native schema engine before every command; `generate` does not need it,
// so point it at a stub binary where the download is not reachable (see docs/operations.md).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const stub = ['/usr/bin/false', '/bin/false'].find((p) => existsSync(p));
  if (stub) env.PRISMA_SCHEMA_ENGINE_BINARY = stub;
}
try {
  execFileSync('pnpm', ['exec', 'prisma', 'generate'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
} catch (err) {
  console.error('prisma generate failed; see the output above');
  process.exit(typeof err.status === 'number' ? err.status : 1);
}
