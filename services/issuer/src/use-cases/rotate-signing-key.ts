import { randomUUID } from 'node:crypto';
import { generateSigningKey, type SigningAlg, sealPrivateKey } from '@sp/crypto';
import { AppError } from '@sp/http-kit';
import type { IssuerContext } from '../context.js';
import type { OrganisationRecord } from '../store/organisation-store.js';
import type { SigningKeyView } from '../store/signing-key-store.js';

/**
 * The public view of a signing key (keys API answers).
 * @example res.json({ keys: views.map(keyView) });
 */
export function keyView(k: SigningKeyView) {
  return {
    kid: k.kid,
    alg: k.alg,
    status: k.status,
    createdAt: k.createdAt.toISOString(),
    retiredAt: k.retiredAt?.toISOString() ?? null,
    compromisedFrom: k.compromisedFrom?.toISOString() ?? null,
  };
}

/**
 * Rotates the organisation's signing key: a new key (same algorithm as the current one unless `alg` is
 * given) signs from now on; the old ones become `retired` and stay in the DID document, so everything they
 * signed keeps verifying. Served status lists are re-signed with the new key (their ETag changes).
 * `conflict` (409) if a concurrent rotation won.
 * @example const { active, retired } = await rotateSigningKey(ctx, org);
 */
export async function rotateSigningKey(ctx: IssuerContext, org: OrganisationRecord, alg?: SigningAlg) {
  const current = await ctx.orgs.activeKey(org.id);
  const pair = await generateSigningKey(alg ?? (current?.alg as SigningAlg | undefined) ?? 'EdDSA');
  const id = randomUUID();
  const rotated = await ctx.signingKeys.rotate(
    org.id,
    {
      id,
      alg: pair.alg,
      publicJwk: pair.publicJwk,
      sealedPrivateKey: sealPrivateKey(pair.privateJwk, ctx.kek, id),
    },
    ctx.now(),
  );
  if (!rotated)
    throw new AppError('conflict', { detail: 'Another key rotation happened at the same time; retry' });
  ctx.logger.info(
    { organisationId: org.id, kid: rotated.added.kid, retired: rotated.retired },
    'signing key rotated',
  );
  return { active: keyView(rotated.added), retired: rotated.retired };
}
