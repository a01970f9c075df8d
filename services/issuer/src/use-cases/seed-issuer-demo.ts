import { sha256 } from '@sp/crypto';
import type { Database } from '@sp/db';
import type { Logger } from '@sp/http-kit';
import { buildIssuerContext } from '../build-context.js';
import type { IssuerConfig } from '../config.js';
import { orgIdentity } from '../internal/identity.js';
import { addApiKey, createOrganisation } from './create-organisation.js';

export interface SeedIssuerDemoOptions {
  providerSlug: string;
  providerName?: string;
  employerSlug: string;
  employerName?: string;
  /** Keys from an earlier run (e.g. `.data/demo.json`); stored when missing, so they keep working. */
  providerApiKey?: string | undefined;
  employerApiKey?: string | undefined;
}

export interface DemoOrganisation {
  slug: string;
  did: string;
  name: string;
  /** A working API key of the organisation, to be kept by the launcher. */
  apiKey: string;
}

export interface SeedIssuerDemoResult {
  provider: DemoOrganisation;
  employer: DemoOrganisation;
}

/**
 * Creates the demo training provider and employer if they do not exist. Idempotent: run again with the API
 * keys it returned, it changes nothing; a passed-in key that is not stored (a fresh database) is stored. Only
 * when an organisation exists and no key is passed in (its keys are stored hashed and cannot be shown again)
 * is a new key added and returned.
 * @example const demo = await seedIssuerDemo({ db, logger }, config, { providerSlug: 'demo-training', employerSlug: 'demo-care-home' });
 */
export async function seedIssuerDemo(
  deps: { logger: Logger; db: Database },
  config: Readonly<IssuerConfig>,
  opts: SeedIssuerDemoOptions,
): Promise<SeedIssuerDemoResult> {
  const ctx = buildIssuerContext(config, { logger: deps.logger, db: deps.db, notifications: null });
  const ensure = async (
    slug: string,
    name: string,
    kind: 'training_provider' | 'employer',
    apiKey: string | undefined,
  ): Promise<DemoOrganisation> => {
    const did = orgIdentity(ctx.config.baseUrl, slug).did;
    const existing = await ctx.orgs.findBySlug(slug);
    if (!existing) {
      const created = await createOrganisation(ctx, { slug, name, kind, ...(apiKey ? { apiKey } : {}) });
      return { slug, did, name, apiKey: created.apiKey };
    }
    if (!apiKey) return { slug, did, name: existing.name, apiKey: await addApiKey(ctx, existing.id, 'demo') };
    if (!(await ctx.orgs.apiKeyExists(sha256(apiKey)))) await addApiKey(ctx, existing.id, 'demo', apiKey);
    return { slug, did, name: existing.name, apiKey };
  };
  return {
    provider: await ensure(
      opts.providerSlug,
      opts.providerName ?? 'Demo Training Provider',
      'training_provider',
      opts.providerApiKey,
    ),
    employer: await ensure(
      opts.employerSlug,
      opts.employerName ?? 'Demo Care Home',
      'employer',
      opts.employerApiKey,
    ),
  };
}
