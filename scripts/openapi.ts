/**
 * Writes each service's OpenAPI document (generated from the same zod schemas its routes parse with) to
 * docs/api/<service>.openapi.json. `--check` fails when a committed document is out of date, so docs/ stays true;
 * `pnpm test` runs it that way.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { issuerOpenApi } from '../services/issuer/src/openapi.js';
import { verifierOpenApi } from '../services/verifier/src/openapi.js';
import { walletOpenApi } from '../services/wallet/src/openapi.js';

const dir = resolve(import.meta.dirname, '../docs/api');
const check = process.argv.includes('--check');
const docs: Record<string, object> = {
  issuer: issuerOpenApi('http://localhost:3001'),
  wallet: walletOpenApi('http://localhost:3002'),
  verifier: verifierOpenApi('http://localhost:3003'),
};
mkdirSync(dir, { recursive: true });
let stale = 0;
for (const [name, doc] of Object.entries(docs)) {
  const file = resolve(dir, `${name}.openapi.json`);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (check) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      console.error(`docs/api/${name}.openapi.json is out of date: run pnpm openapi`);
      stale++;
    }
  } else {
    writeFileSync(file, text);
    console.log(`wrote docs/api/${name}.openapi.json`);
  }
}
process.exit(stale ? 1 : 0);
