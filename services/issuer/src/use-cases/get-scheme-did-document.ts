import { buildDidDocument, type DidDocument } from '@sp/did';
import type { IssuerContext } from '../context.js';
import { schemeIdentity } from '../internal/scheme-identity.js';
import { ensureSchemeKey } from './get-published-register.js';

/**
 * The scheme's did:web document (`did:web:<host>:scheme`): every scheme key, active and retired, under
 * assertionMethod, so verifiers can check registers signed by any of them.
 * @example const doc = await getSchemeDidDocument(ctx);
 */
export async function getSchemeDidDocument(ctx: IssuerContext): Promise<DidDocument> {
  const { did } = schemeIdentity(ctx.config.baseUrl);
  await ensureSchemeKey(ctx);
  const keys = await ctx.register.listSchemeKeys(did);
  return buildDidDocument({
    did,
    keys: keys.map((k) => ({ fragment: k.kid.slice(did.length + 1), publicJwk: k.publicJwk })),
  });
}
