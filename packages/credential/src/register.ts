import type { JWK, SigningAlg } from '@sp/crypto';
import { SIGNING_ALGS } from '@sp/crypto';
import { z } from 'zod';
import { checkHeader, checkTimes, decodeCompact, secondsOf, verifySignature } from './internal/jwt.js';
import type { KeyResolver } from './internal/resolver.js';
import { assertSigner, signJws } from './sign.js';
import type { RecognitionAnswer, ReasonCode } from './types.js';

/** `typ` of the published register JWT (RFC 8725 §3.11: explicit typing keeps it from passing as a VC). */
export const REGISTER_TYP = 'sp-register+jwt';

const zIso = z.iso.datetime({ offset: true });

/**
 * One authorisation of a recognised issuer: a catalogue item (`catalogueCode`) or a whole framework
 * (`framework`, e.g. `care_certificate`), for credentials issued from `validFrom` until `validUntil`
 * (exclusive; open-ended when absent).
 */
export const zRegisterAuthorisation = z
  .object({
    catalogueCode: z.string().min(1).max(100).optional(),
    framework: z.string().min(1).max(100).optional(),
    validFrom: zIso,
    validUntil: zIso.optional(),
  })
  .refine((a) => (a.catalogueCode === undefined) !== (a.framework === undefined), {
    message: 'exactly one of catalogueCode and framework',
  });
export type RegisterAuthorisation = z.output<typeof zRegisterAuthorisation>;

/** One recognised issuer of the register. */
export const zRegisterIssuer = z.object({
  did: z.string().regex(/^did:[a-z0-9]+:\S+$/),
  name: z.string().min(1).max(300),
  status: z.enum(['active', 'suspended']),
  suspendedAt: zIso.optional(),
  authorisations: z.array(zRegisterAuthorisation).max(1000),
});
export type RegisterIssuer = z.output<typeof zRegisterIssuer>;

/** The register document: `version` is the operator's sequence number, bumped by every change. */
export const zRegister = z.object({
  version: z.number().int().min(0),
  issuedAt: zIso,
  issuers: z.array(zRegisterIssuer).max(100_000),
});
export type Register = z.output<typeof zRegister>;

const zRegisterJwtPayload = z.object({
  iss: z.string(),
  iat: z.number().int(),
  /** Required: a register that never expired could be replayed to hide a later suspension forever. */
  exp: z.number().int(),
  register: zRegister,
});

/** How long a signed register is valid by default: a day (publishers re-sign well before, see the issuer). */
export const REGISTER_VALIDITY_SECONDS = 24 * 3600;

/** Clock skew allowed on a register's `iat` and `exp`, in seconds. */
const REGISTER_SKEW_SECONDS = 60;

/**
 * Sign the register as a JWT (header `typ: sp-register+jwt`, `kid` = a key of the scheme DID; claims `iss` =
 * scheme DID, `iat` = `now`, `exp` = `iat` + `validForSeconds` (default {@link REGISTER_VALIDITY_SECONDS}),
 * `jti` = `<schemeDid>#register-<version>`, `register`).
 *
 * @throws TypeError when `kid` is not a key of `schemeDid` or `alg` is not EdDSA/ES256.
 * @example
 * ```ts
 * const jwt = await signRegisterJwt({ register, schemeDid, kid: `${schemeDid}#key-1`, privateJwk, alg: 'EdDSA' });
 * ```
 */
export async function signRegisterJwt(opts: {
  register: Register;
  schemeDid: string;
  kid: string;
  privateJwk: JWK;
  alg: SigningAlg;
  now?: Date;
  validForSeconds?: number;
}): Promise<string> {
  assertSigner('signRegisterJwt', opts.schemeDid, opts.kid, opts.alg);
  const register = zRegister.parse(opts.register);
  const iat = Math.floor((opts.now ?? new Date()).getTime() / 1000);
  const exp = iat + (opts.validForSeconds ?? REGISTER_VALIDITY_SECONDS);
  return signJws(
    { typ: REGISTER_TYP, kid: opts.kid },
    { iss: opts.schemeDid, iat, exp, jti: `${opts.schemeDid}#register-${register.version}`, register },
    opts.privateJwk,
    opts.alg,
  );
}

/** The outcome of {@link verifyRegisterJwt}: a value, never an exception for bad input. */
export type RegisterVerification =
  | { ok: true; register: Register; kid: string /** `exp` as a Date */; expiresAt: Date }
  | { ok: false; reason: ReasonCode; detail: string };

/**
 * Verify a register JWT: header rules of RFC 8725 (pinned algorithms, no embedded keys, `typ`), `iss` must be
 * the configured scheme DID and the key one of its `assertionMethod` keys, then the payload schema and its
 * validity window (`iat` not in the future, `exp` not passed: reasons `not_yet_valid` and `expired`).
 *
 * @example
 * ```ts
 * const v = await verifyRegisterJwt(jwt, { resolver, schemeDid: 'did:web:passport.example:scheme' });
 * if (v.ok) console.log(v.register.version);
 * ```
 */
export async function verifyRegisterJwt(
  jwt: string,
  opts: { resolver: KeyResolver; schemeDid: string; now?: Date },
): Promise<RegisterVerification> {
  const decoded = decodeCompact(jwt);
  if (!decoded.ok) return decoded;
  const header = checkHeader(decoded.header, SIGNING_ALGS, [REGISTER_TYP]);
  if (!header.ok) return header;
  if (decoded.payload.iss !== opts.schemeDid) {
    return { ok: false, reason: 'claims_invalid', detail: 'the register is not issued by the scheme DID' };
  }
  const sig = await verifySignature(
    jwt,
    decoded.header,
    header.alg,
    opts.schemeDid,
    opts.resolver,
    'assertionMethod',
  );
  if (!sig.ok) return sig;
  const parsed = zRegisterJwtPayload.safeParse(decoded.payload);
  if (!parsed.success) return { ok: false, reason: 'claims_invalid', detail: 'the register is malformed' };
  const times = checkTimes(parsed.data, secondsOf(opts.now ?? new Date()), REGISTER_SKEW_SECONDS);
  if (!times.ok) return times;
  return {
    ok: true,
    register: parsed.data.register,
    kid: sig.kid,
    expiresAt: new Date(parsed.data.exp * 1000),
  };
}

/**
 * Decide recognition from a register: the issuer must be in it (`issuer_not_recognised`), not suspended now
 * (`issuer_suspended`), and hold an authorisation for the credential's catalogue item or its framework that
 * covered the issuance date (`issuer_not_recognised_for_type`).
 *
 * @example
 * ```ts
 * const index = indexRegister(register);
 * checkRecognition(index, { issuerDid, catalogueCode: 'CORE-BLS', framework: 'core_and_mandatory', issuedAt });
 * ```
 */
export function checkRecognition(
  index: RegisterIndex,
  input: { issuerDid: string; catalogueCode: string | null; framework: string | null; issuedAt: Date },
): RecognitionAnswer {
  const v = `register v${index.register.version}`;
  const entry = index.byDid.get(input.issuerDid);
  if (!entry) {
    return { recognised: false, reason: 'issuer_not_recognised', detail: `the issuer is not in ${v}` };
  }
  if (entry.status === 'suspended') {
    return {
      recognised: false,
      reason: 'issuer_suspended',
      detail: `${entry.name} is suspended in ${v}${entry.suspendedAt ? ` since ${entry.suspendedAt}` : ''}`,
    };
  }
  const at = input.issuedAt.getTime();
  const match = entry.authorisations.find(
    (a) =>
      ((a.catalogueCode !== undefined && a.catalogueCode === input.catalogueCode) ||
        (a.framework !== undefined && a.framework === input.framework)) &&
      Date.parse(a.validFrom) <= at &&
      (a.validUntil === undefined || at < Date.parse(a.validUntil)),
  );
  const what = input.catalogueCode ?? '(no catalogue code)';
  if (!match) {
    return {
      recognised: false,
      reason: 'issuer_not_recognised_for_type',
      detail: `${entry.name} was not recognised for ${what} on ${input.issuedAt.toISOString().slice(0, 10)} in ${v}`,
    };
  }
  return {
    recognised: true,
    detail: `recognised for ${match.catalogueCode ?? match.framework} in ${v}`,
  };
}

/** A register with its issuers indexed by DID (build once per fetched register). */
export interface RegisterIndex {
  register: Register;
  byDid: ReadonlyMap<string, RegisterIssuer>;
}

/**
 * Index a register by issuer DID for {@link checkRecognition}.
 * @example const index = indexRegister(verified.register);
 */
export function indexRegister(register: Register): RegisterIndex {
  return { register, byDid: new Map(register.issuers.map((i) => [i.did, i])) };
}
