import { vcClaimsConsistency, zVcJwtPayload, zodDetail } from './internal/claims.js';
import { decodeCompact } from './internal/jwt.js';
import type { VcJwtPayload } from './internal/claims.js';
import type { VcV1 } from './model.js';

/** The JWT claims of a VC-JWT after schema validation. */
export type { VcJwtPayload };

/**
 * Decode a VC-JWT WITHOUT checking its signature — for a wallet showing what it holds, or a store
 * indexing credentials it has already verified. Header and payload are JSON-decoded, the payload is
 * validated (VCDM 1.1 `vc` claim, numeric dates) and its claims checked against the `vc` copies.
 *
 * @returns `{ ok: false, reason: 'malformed_jwt' }` when it is not a JWS, `claims_invalid` when the
 *   payload is not a VC-JWT; never throws.
 * @example
 * ```ts
 * const d = decodeCredentialJwt(jwt);
 * if (d.ok) console.log(summariseCredential(d.vc).name);
 * ```
 */
export function decodeCredentialJwt(
  jwt: string,
):
  | { ok: true; header: Record<string, unknown>; payload: VcJwtPayload; vc: VcV1 }
  | { ok: false; reason: 'malformed_jwt' | 'claims_invalid'; detail: string } {
  const decoded = decodeCompact(jwt);
  if (!decoded.ok) return { ok: false, reason: 'malformed_jwt', detail: decoded.detail };
  const parsed = zVcJwtPayload.safeParse(decoded.payload);
  if (!parsed.success) return { ok: false, reason: 'claims_invalid', detail: zodDetail(parsed.error) };
  const inconsistency = vcClaimsConsistency(parsed.data);
  if (inconsistency) return { ok: false, reason: 'claims_invalid', detail: inconsistency };
  return { ok: true, header: decoded.header, payload: parsed.data, vc: parsed.data.vc };
}
