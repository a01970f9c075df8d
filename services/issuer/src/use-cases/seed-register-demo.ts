import { zFramework } from '@sp/care-catalogue';
import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import { buildIssuerContext } from '../build-context.js';
import type { IssuerConfig } from '../config.js';
import { schemeIdentity } from '../internal/scheme-identity.js';

/**
 * Demo seeding for the launcher: puts the given organisations in the register of recognised issuers,
 * recognised for every framework from 2020-01-01 (the catalogue still limits what each kind may issue).
 * Idempotent: an issuer already in the register is left as the operator made it. Returns the register's URL
 * and scheme DID, which the verifier is configured with (`REGISTER_URL`, `REGISTER_DID`).
 * @example const { registerUrl, schemeDid } = await seedRegisterDemo({ db, logger }, config, [{ did, name }]);
 */
export async function seedRegisterDemo(
  deps: { logger: Logger; db: Database },
  config: Readonly<IssuerConfig>,
  issuers: { did: string; name: string }[],
): Promise<{ registerUrl: string; schemeDid: string }> {
  const ctx = buildIssuerContext(config, { logger: deps.logger, db: deps.db, notifications: null });
  for (const issuer of issuers) {
    if (await ctx.register.findEntry(issuer.did)) continue;
    await ctx.register.createEntry({
      ...issuer,
      authorisations: zFramework.options.map((framework) => ({
        catalogueCode: null,
        framework,
        validFrom: new Date('2020-01-01T00:00:00Z'),
        validUntil: null,
      })),
    });
  }
  const { did, registerUrl } = schemeIdentity(config.baseUrl);
  return { registerUrl, schemeDid: did };
}
