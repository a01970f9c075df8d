import { randomUUID } from 'node:crypto';
import { REGISTER_VALIDITY_SECONDS, type Register, signRegisterJwt } from '@sp/credential';
import { generateSigningKey, type SigningAlg, sealPrivateKey } from '@sp/crypto';
import type { IssuerContext } from '../context.js';
import { schemeIdentity } from '../internal/scheme-identity.js';
import type { RegisterEntryRecord, SchemeKeyRecord } from '../store/register-store.js';

/** The signed register and its entity tag. */
export interface PublishedRegister {
  jwt: string;
  /** Strong ETag: `"register.<version>.<kid>.<iat>"` — changes with every change, key and re-signing. */
  etag: string;
  version: number;
}

/**
 * The scheme's active signing key, made on first use (Ed25519, sealed under the KEK with the row id as AAD,
 * like organisation keys). Two processes racing both succeed: the loser reads the winner's key.
 * @example const key = await ensureSchemeKey(ctx);
 */
export async function ensureSchemeKey(ctx: IssuerContext): Promise<SchemeKeyRecord> {
  const { did } = schemeIdentity(ctx.config.baseUrl);
  const existing = await ctx.register.activeSchemeKey(did);
  if (existing) return existing;
  const pair = await generateSigningKey('EdDSA');
  const id = randomUUID();
  await ctx.register.createSchemeKey({
    id,
    kid: `${did}#key-1`,
    alg: pair.alg,
    publicJwk: pair.publicJwk,
    sealedPrivateKey: sealPrivateKey(pair.privateJwk, ctx.kek, id),
  });
  const key = await ctx.register.activeSchemeKey(did);
  if (!key) throw new TypeError('ensureSchemeKey: no scheme key after creating one');
  ctx.logger.info({ kid: key.kid }, 'scheme signing key created');
  return key;
}

function toRegisterIssuer(e: RegisterEntryRecord): Register['issuers'][number] {
  return {
    did: e.did,
    name: e.name,
    status: e.status,
    ...(e.suspendedAt ? { suspendedAt: e.suspendedAt.toISOString() } : {}),
    authorisations: e.authorisations.map((a) => ({
      ...(a.catalogueCode ? { catalogueCode: a.catalogueCode } : {}),
      ...(a.framework ? { framework: a.framework } : {}),
      validFrom: a.validFrom.toISOString(),
      ...(a.validUntil ? { validUntil: a.validUntil.toISOString() } : {}),
    })),
  };
}

/**
 * Builds the getter behind `GET /.well-known/recognised-issuers`: the register as a JWT signed by the
 * scheme's key (`@sp/credential` `signRegisterJwt`, valid a day). The signed document is kept per (version, key)
 * and re-signed once half its validity has passed, so repeated fetches return the same bytes and the ETag holds,
 * while verifiers always get a register with at least half a day to run; one sequence read per request decides.
 * @example const get = createPublishedRegisterGetter(); const { jwt, etag } = await get(ctx);
 */
export function createPublishedRegisterGetter() {
  let cached: (PublishedRegister & { keyId: string; resignAt: number }) | undefined;
  return async function getPublishedRegister(ctx: IssuerContext): Promise<PublishedRegister> {
    const key = await ensureSchemeKey(ctx);
    const sequence = await ctx.register.sequence();
    const now = ctx.now();
    if (cached && cached.version === sequence && cached.keyId === key.id && now.getTime() < cached.resignAt) {
      return cached;
    }
    const { sequence: version, entries } = await ctx.register.snapshot();
    const { did } = schemeIdentity(ctx.config.baseUrl);
    const jwt = await signRegisterJwt({
      register: { version, issuedAt: now.toISOString(), issuers: entries.map(toRegisterIssuer) },
      schemeDid: did,
      kid: key.kid,
      privateJwk: ctx.privateKeys.open(key),
      alg: key.alg as SigningAlg,
      now,
    });
    const iat = Math.floor(now.getTime() / 1000);
    cached = {
      jwt,
      etag: `"register.${version}.${key.kid.split('#')[1]}.${iat}"`,
      version,
      keyId: key.id,
      resignAt: now.getTime() + (REGISTER_VALIDITY_SECONDS * 1000) / 2,
    };
    return cached;
  };
}
