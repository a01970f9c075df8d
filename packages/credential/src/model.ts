import { type BitstringStatusListEntry, zBitstringStatusListEntry } from '@sp/status-list';
import { z } from 'zod';

/** VCDM 1.1 base context; `jwt_vc_json` (OpenID4VCI 1.0 Appendix A.1) carries VCDM 1.1 credentials. */
export const VC_CONTEXT_V1 = 'https://www.w3.org/2018/credentials/v1';
/**
 * Open Badges 3.0 context. 3.0.2 is the last OB context published for VCDM 1.1 (`issuanceDate`);
 * context-3.0.3 pairs with the VCDM 2.0 context and `validFrom`, which `jwt_vc_json` does not use.
 */
export const OB_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json';

/** How the training was delivered; a Skills Passport field, not an Open Badges one. */
export const DELIVERY_MODES = ['e_learning', 'classroom', 'blended', 'observed_practice'] as const;
export type DeliveryMode = (typeof DELIVERY_MODES)[number];

/** OB 3.0 §B.3 AchievementType enumeration (extensible with `ext:` terms). */
export const ACHIEVEMENT_TYPES = [
  'Achievement',
  'ApprenticeshipCertificate',
  'Assessment',
  'Assignment',
  'AssociateDegree',
  'Award',
  'Badge',
  'BachelorDegree',
  'Certificate',
  'CertificateOfCompletion',
  'Certification',
  'CommunityService',
  'Competency',
  'Course',
  'CoCurricular',
  'Degree',
  'Diploma',
  'DoctoralDegree',
  'Fieldwork',
  'GeneralEducationDevelopment',
  'JourneymanCertificate',
  'LearningProgram',
  'License',
  'Membership',
  'ProfessionalDoctorate',
  'QualityAssuranceCredential',
  'MasterCertificate',
  'MasterDegree',
  'MicroCredential',
  'ResearchDoctorate',
  'SecondarySchoolDiploma',
] as const;

const zDid = z.string().regex(/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/, 'a DID');
const zUri = z.string().regex(/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/, 'an absolute URI');
const zTypes = z.union([z.string(), z.array(z.string()).min(1)]);
const includes = (types: string | string[], t: string): boolean =>
  Array.isArray(types) ? types.includes(t) : types === t;

/**
 * A W3C VCDM 1.1 credential as carried in a VC-JWT `vc` claim, validated without JSON-LD processing
 * (VCDM 1.1 §6.3.1). Members a JWT may have moved to registered claims (`id`, `issuer`, `issuanceDate`)
 * are optional; unknown members are kept.
 */
export const zVcV1 = z.looseObject({
  '@context': z
    .array(z.union([z.string(), z.record(z.string(), z.unknown())]))
    .min(1)
    .refine((c) => c[0] === VC_CONTEXT_V1, `the first @context must be ${VC_CONTEXT_V1} (VCDM 1.1 §4.1)`),
  id: zUri.optional(),
  type: zTypes.refine((t) => includes(t, 'VerifiableCredential'), 'type must include VerifiableCredential'),
  issuer: z.union([zUri, z.looseObject({ id: zUri, name: z.string().optional() })]).optional(),
  issuanceDate: z.iso.datetime({ offset: true }).optional(),
  expirationDate: z.iso.datetime({ offset: true }).optional(),
  name: z.string().optional(),
  credentialSubject: z.union([
    z.looseObject({ id: zUri.optional() }),
    z.array(z.looseObject({ id: zUri.optional() })).min(1),
  ]),
  // The list first: credentials carry a revocation and a suspension entry, and a union tries options in order.
  credentialStatus: z
    .union([z.array(z.looseObject({ type: z.string() })).min(1), z.looseObject({ type: z.string() })])
    .optional(),
});
/** A VCDM 1.1 credential (the `vc` claim). */
export type VcV1 = z.output<typeof zVcV1>;

const zAlignmentInput = z.object({
  targetName: z.string().min(1).max(300),
  targetUrl: z.url(),
  targetCode: z.string().min(1).max(100).optional(),
  targetFramework: z.string().min(1).max(300).optional(),
  targetDescription: z.string().min(1).max(2000).optional(),
  targetType: z.string().min(1).max(100).optional(),
});

const zDate = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'a valid date');

/**
 * What an issuer supplies for one training credential. `buildTrainingCredential` turns it into an
 * Open Badges 3.0 `OpenBadgeCredential`. Dates may be `Date`s or ISO strings.
 */
export const zTrainingCredentialInput = z
  .object({
    /** `urn:uuid:…`; becomes `vc.id` and the JWT `jti`. */
    id: z.string().regex(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
    issuer: z.object({ did: zDid, name: z.string().min(1).max(300), url: z.url().optional() }),
    holderDid: zDid,
    /** Credential name (OB 3.0 requires one); default the achievement's name. */
    name: z.string().min(1).max(300).optional(),
    achievement: z.object({
      /** Catalogue item URL or URN. */
      id: zUri,
      name: z.string().min(1).max(300),
      description: z.string().min(1).max(5000),
      achievementType: z
        .union([z.enum(ACHIEVEMENT_TYPES), z.string().regex(/^ext:[A-Za-z0-9]+$/)])
        .default('CertificateOfCompletion'),
      criteriaNarrative: z.string().min(1).max(5000),
      criteriaId: z.url().optional(),
      alignment: z.array(zAlignmentInput).max(50).default([]),
    }),
    issuedAt: zDate,
    validUntil: zDate.optional(),
    /** The day the training was completed, `YYYY-MM-DD`. */
    completionDate: z.iso.date(),
    deliveryMode: z.enum(DELIVERY_MODES),
    assessmentMethod: z.string().min(1).max(300),
    assessor: z.string().min(1).max(300).optional(),
    /** OB 3.0 `Result` objects, passed through (e.g. `{ type: ['Result'], value: 'Pass' }`). */
    result: z.array(z.looseObject({ type: z.array(z.string()).min(1) })).optional(),
    credentialStatus: z
      .union([zBitstringStatusListEntry, z.array(zBitstringStatusListEntry).min(1)])
      .optional(),
  })
  .refine((i) => !i.validUntil || i.validUntil > i.issuedAt, {
    message: 'validUntil must be after issuedAt',
    path: ['validUntil'],
  });
/** Input to `buildTrainingCredential` (the schema's input: defaults may be left out). */
export type TrainingCredentialInput = z.input<typeof zTrainingCredentialInput>;

/** RFC 3339 in UTC without fractional seconds, matching the JWT NumericDate the same instant becomes. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Our own fields, kept under one property of the AchievementSubject so OB 3.0 consumers can ignore them. */
export interface SkillsPassportFields {
  completionDate: string;
  deliveryMode: DeliveryMode;
  assessmentMethod: string;
  assessor?: string;
}

/**
 * Build the `vc` object of a training credential in Open Badges 3.0 shape (OB 3.0 §B.1
 * AchievementCredential, §B.1.2 AchievementSubject, §B.1.1 Achievement, §B.1.4 Alignment), on the
 * VCDM 1.1 data model that `jwt_vc_json` carries. Skills Passport fields sit under
 * `credentialSubject.skillsPassport`.
 *
 * @throws TypeError when the input does not match `zTrainingCredentialInput` (the message lists the fields).
 * @example
 * ```ts
 * const vc = buildTrainingCredential({
 *   id: `urn:uuid:${randomUUID()}`,
 *   issuer: { did: 'did:web:acme.example', name: 'Acme Training' },
 *   holderDid, issuedAt: new Date(), completionDate: '2025-03-14',
 *   achievement: { id: 'https://catalogue.example/items/moving-and-handling', name: 'Moving and handling',
 *     description: '…', criteriaNarrative: '…', alignment: [{ targetName: 'Standard 13', targetCode: 'CC-STD-13',
 *     targetFramework: 'Care Certificate', targetUrl: 'https://…' }] },
 *   deliveryMode: 'classroom', assessmentMethod: 'practical observation',
 *   credentialStatus: statusEntry({ listUrl, index, purpose: 'revocation' }),
 * });
 * ```
 */
export function buildTrainingCredential(input: TrainingCredentialInput): VcV1 {
  const parsed = zTrainingCredentialInput.safeParse(input);
  if (!parsed.success) throw new TypeError(`buildTrainingCredential: ${z.prettifyError(parsed.error)}`);
  const i = parsed.data;
  const a = i.achievement;
  const skillsPassport: SkillsPassportFields = {
    completionDate: i.completionDate,
    deliveryMode: i.deliveryMode,
    assessmentMethod: i.assessmentMethod,
    ...(i.assessor ? { assessor: i.assessor } : {}),
  };
  const vc = {
    '@context': [VC_CONTEXT_V1, OB_CONTEXT],
    id: i.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: {
      id: i.issuer.did,
      type: ['Profile'],
      name: i.issuer.name,
      ...(i.issuer.url ? { url: i.issuer.url } : {}),
    },
    issuanceDate: isoSeconds(i.issuedAt),
    ...(i.validUntil ? { expirationDate: isoSeconds(i.validUntil) } : {}),
    name: i.name ?? a.name,
    credentialSubject: {
      id: i.holderDid,
      type: ['AchievementSubject'],
      achievement: {
        id: a.id,
        type: ['Achievement'],
        achievementType: a.achievementType,
        name: a.name,
        description: a.description,
        criteria: { ...(a.criteriaId ? { id: a.criteriaId } : {}), narrative: a.criteriaNarrative },
        ...(a.alignment.length > 0
          ? { alignment: a.alignment.map((al) => ({ type: ['Alignment'], ...al })) }
          : {}),
      },
      ...(i.result ? { result: i.result } : {}),
      // OB 3.0 activityEndDate is a DateTime; the day of completion at 00:00 UTC.
      activityEndDate: `${i.completionDate}T00:00:00Z`,
      skillsPassport,
    },
    ...(i.credentialStatus ? { credentialStatus: i.credentialStatus } : {}),
  };
  return vc as VcV1;
}

/** What wallets and reports show for a credential. Fields are `null` when the credential lacks them. */
export interface CredentialSummary {
  id: string | null;
  name: string | null;
  issuerDid: string | null;
  issuerName: string | null;
  /** The achievement (catalogue item) id. */
  achievementId: string | null;
  /** `targetCode` of the first alignment that has one, e.g. `CC-STD-13`. */
  catalogueCode: string | null;
  completionDate: string | null;
  deliveryMode: string | null;
  assessmentMethod: string | null;
  assessor: string | null;
  issuedAt: string | null;
  validUntil: string | null;
  /** The first `BitstringStatusListEntry` with purpose `revocation`, else the first one. */
  statusEntry: BitstringStatusListEntry | null;
  statusEntries: BitstringStatusListEntry[];
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | null =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

const parsedEntries = new WeakMap<object, ReturnType<typeof zBitstringStatusListEntry.safeParse>>();

/**
 * One `credentialStatus` item parsed as a `BitstringStatusListEntry`, remembered per item object: a verification
 * reads each entry for the status check and again for the report's summary, and the parse (a URL among it) is
 * the costly part.
 */
export function parseStatusEntry(raw: object): ReturnType<typeof zBitstringStatusListEntry.safeParse> {
  let parsed = parsedEntries.get(raw);
  if (!parsed) {
    parsed = zBitstringStatusListEntry.safeParse(raw);
    parsedEntries.set(raw, parsed);
  }
  return parsed;
}

/** The `BitstringStatusListEntry` items of a credential's `credentialStatus`, valid ones only. */
export function statusEntriesOf(vc: VcV1): BitstringStatusListEntry[] {
  const raw =
    vc.credentialStatus === undefined
      ? []
      : Array.isArray(vc.credentialStatus)
        ? vc.credentialStatus
        : [vc.credentialStatus];
  const entries: BitstringStatusListEntry[] = [];
  for (const e of raw) {
    const parsed = parseStatusEntry(e);
    if (parsed.success) entries.push(parsed.data);
  }
  return entries;
}

/**
 * Summarise a credential for wallets and reports. Works on any VCDM 1.1 credential: fields that are not
 * in Open Badges / Skills Passport shape come back `null`.
 *
 * @example
 * ```ts
 * const { name, issuerName, completionDate, catalogueCode } = summariseCredential(decoded.vc);
 * ```
 */
export function summariseCredential(vc: VcV1): CredentialSummary {
  const issuer = obj(vc.issuer);
  const subject = obj(first(vc.credentialSubject));
  const achievement = obj(subject?.achievement);
  const alignment = Array.isArray(achievement?.alignment) ? achievement.alignment : [];
  const code = alignment.map((al) => str(obj(al)?.targetCode)).find((c) => c !== null) ?? null;
  const sp = obj(subject?.skillsPassport);
  const entries = statusEntriesOf(vc);
  return {
    id: str(vc.id),
    name: str(vc.name) ?? str(achievement?.name),
    issuerDid: issuer ? str(issuer.id) : str(vc.issuer),
    issuerName: issuer ? str(issuer.name) : null,
    achievementId: str(achievement?.id),
    catalogueCode: code,
    completionDate: str(sp?.completionDate) ?? str(subject?.activityEndDate)?.slice(0, 10) ?? null,
    deliveryMode: str(sp?.deliveryMode),
    assessmentMethod: str(sp?.assessmentMethod),
    assessor: str(sp?.assessor),
    issuedAt: str(vc.issuanceDate),
    validUntil: str(vc.expirationDate),
    statusEntry: entries.find((e) => e.statusPurpose === 'revocation') ?? entries[0] ?? null,
    statusEntries: entries,
  };
}
