import { randomUUID } from 'node:crypto';
import { generateApiKey, generateSigningKey, type SigningAlg, sealPrivateKey, sha256 } from '@sp/crypto';
import type { OrganisationKind } from '@sp/db';
import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import { orgIdentity } from '../internal/identity.js';

/** Prefix of issuer API keys (`spk_iss_…`), so a leaked key is recognisable in logs and scanners. */
export const API_KEY_PREFIX = 'spk_iss';

export interface CreatedOrganisation {
  organisation: { id: string; slug: string; did: string; kind: OrganisationKind; name: string };
  /** Shown once; only its SHA-256 is stored. */
  apiKey: string;
}

/**
 * Creates an organisation with its first signing key (sealed under the KEK, bound to the key row id) and a
 * first API key. Throws `conflict` (409) when the slug is taken.
 * @example await createOrganisation(ctx, { slug: 'acme', name: 'Acme Training', kind: 'training_provider' });
 */
export async function createOrganisation(
  ctx: IssuerContext,
  input: { slug: string; name: string; kind: OrganisationKind; alg?: SigningAlg; apiKey?: string },
): Promise<CreatedOrganisation> {
  const pair = await generateSigningKey(input.alg ?? 'EdDSA');
  const keyId = randomUUID();
  const created = await ctx.orgs.createWithKey({
    slug: input.slug,
    name: input.name,
    kind: input.kind,
    key: {
      id: keyId,
      kid: 'key-1',
      alg: pair.alg,
      publicJwk: pair.publicJwk,
      sealedPrivateKey: sealPrivateKey(pair.privateJwk, ctx.kek, keyId),
    },
  });
  if (!created) {
    throw new AppError('conflict', { detail: `An organisation with slug '${input.slug}' exists` });
  }
  const apiKey = await addApiKey(ctx, created.id, 'initial', input.apiKey);
  ctx.logger.info(
    { organisationId: created.id, slug: created.slug, kind: created.kind },
    'organisation created',
  );
  return {
    organisation: {
      id: created.id,
      slug: created.slug,
      did: orgIdentity(ctx.config.baseUrl, created.slug).did,
      kind: created.kind,
      name: created.name,
    },
    apiKey,
  };
}

/**
 * Stores a new API key for an organisation (or the given one, for demo seeding) and returns it in clear, once.
 * @example const key = await addApiKey(ctx, org.id, 'lms');
 */
export async function addApiKey(
  ctx: IssuerContext,
  organisationId: string,
  name: string,
  given?: string,
): Promise<string> {
  const key = given ?? generateApiKey(API_KEY_PREFIX).key;
  await ctx.orgs.addApiKey({ organisationId, name, prefix: key.slice(0, 12), hash: sha256(key) });
  return key;
}
