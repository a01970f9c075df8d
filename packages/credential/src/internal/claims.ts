import { zBitstringStatusListSubject } from '@sp/status-list';
import { z } from 'zod';
import { type VcV1, zVcV1 } from '../model.js';

// RFC 7519 §2 NumericDate: a JSON number of seconds. Strings, booleans and NaN are refused here, which
// did-jwt does not do (it compares whatever it finds).
const zNumericDate = z.number().finite().nonnegative();
const zDidString = z.string().regex(/^did:[a-z0-9]+:\S+$/, 'a DID');
const zAud = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

/** Claims of a VC-JWT (VCDM 1.1 §6.3.1, `jwt_vc_json`). */
export const zVcJwtPayload = z.looseObject({
  iss: zDidString,
  sub: z.string().min(1).optional(),
  nbf: zNumericDate,
  iat: zNumericDate.optional(),
  exp: zNumericDate.optional(),
  jti: z.string().min(1).optional(),
  aud: zAud.optional(),
  vc: zVcV1,
});
export type VcJwtPayload = z.output<typeof zVcJwtPayload>;

/** Claims of a VP-JWT (VCDM 1.1 §6.3.1) bound to a verifier (`aud`) and a request (`nonce`). */
export const zVpJwtPayload = z.looseObject({
  iss: zDidString,
  aud: zAud,
  nonce: z.string().min(1),
  nbf: zNumericDate.optional(),
  iat: zNumericDate.optional(),
  exp: zNumericDate.optional(),
  jti: z.string().optional(),
  vp: z.looseObject({
    '@context': z.array(z.union([z.string(), z.record(z.string(), z.unknown())])).min(1),
    type: z
      .union([z.string(), z.array(z.string()).min(1)])
      .refine(
        (t) => (Array.isArray(t) ? t.includes('VerifiablePresentation') : t === 'VerifiablePresentation'),
        'type must include VerifiablePresentation',
      ),
    holder: z.string().optional(),
    verifiableCredential: z.array(z.unknown()).optional(),
  }),
});
export type VpJwtPayload = z.output<typeof zVpJwtPayload>;

/** Claims of a status list VC-JWT: our lists use the spec's VCDM 2.0 shape inside `vc`; 1.1 is accepted too. */
export const zStatusListJwtPayload = z.looseObject({
  iss: zDidString,
  nbf: zNumericDate.optional(),
  iat: zNumericDate.optional(),
  exp: zNumericDate.optional(),
  vc: z.looseObject({
    id: z.string().optional(),
    type: z
      .array(z.string())
      .refine(
        (t) => t.includes('BitstringStatusListCredential'),
        'type must include BitstringStatusListCredential',
      ),
    issuer: z.union([z.string(), z.looseObject({ id: z.string() })]).optional(),
    validFrom: z.iso.datetime({ offset: true }).optional(),
    validUntil: z.iso.datetime({ offset: true }).optional(),
    credentialSubject: zBitstringStatusListSubject,
  }),
});

/** Claims of an OpenID4VCI key proof (OpenID4VCI 1.0 Appendix F.1). */
export const zKeyProofPayload = z.looseObject({
  iss: z.string().optional(),
  aud: zAud,
  iat: zNumericDate,
  exp: zNumericDate.optional(),
  nbf: zNumericDate.optional(),
  nonce: z.string().optional(),
});

export function issuerIdOf(vc: { issuer?: string | { id: string } | undefined }): string | undefined {
  return typeof vc.issuer === 'string' ? vc.issuer : vc.issuer?.id;
}

export function subjectsOf(vc: VcV1): { id?: string | undefined }[] {
  return Array.isArray(vc.credentialSubject) ? vc.credentialSubject : [vc.credentialSubject];
}

/**
 * VCDM 1.1 §6.3.1: members that appear both as JWT claims and inside `vc` must agree, or a verifier
 * that reads one and a wallet that shows the other would disagree about what was signed.
 */
export function vcClaimsConsistency(payload: VcJwtPayload): string | null {
  const vc = payload.vc;
  const issuer = issuerIdOf(vc);
  if (issuer !== undefined && issuer !== payload.iss) return `vc.issuer ${issuer} is not iss ${payload.iss}`;
  if (vc.id !== undefined && payload.jti !== undefined && vc.id !== payload.jti) return 'vc.id is not jti';
  if (payload.sub !== undefined) {
    for (const s of subjectsOf(vc)) {
      if (s.id !== undefined && s.id !== payload.sub)
        return `credentialSubject.id ${s.id} is not sub ${payload.sub}`;
    }
  }
  return null;
}

/** The prettified first zod issue, for a `detail` that names the field. */
export function zodDetail(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
