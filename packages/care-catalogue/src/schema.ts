import { ACHIEVEMENT_TYPES } from '@sp/credential';
import { z } from 'zod';
import { isIsoDate } from './internal/dates.js';

/**
 * How a piece of learning was delivered. A catalogue item lists the modes it accepts; an item that needs
 * observed competence does not accept `e_learning` on its own.
 *
 * @example
 * zDeliveryMode.parse('blended'); // 'blended'
 */
export const zDeliveryMode = z.enum(['e_learning', 'classroom', 'blended', 'observed_practice']);
export type DeliveryMode = z.output<typeof zDeliveryMode>;

/**
 * Kinds of organisation that may attest an item: a training provider attests knowledge, an awarding
 * organisation awards regulated qualifications, an employer signs off induction, observed competence and
 * Care Certificate standards.
 *
 * @example
 * zIssuerKind.parse('employer'); // 'employer'
 */
export const zIssuerKind = z.enum(['training_provider', 'awarding_organisation', 'employer']);
export type IssuerKind = z.output<typeof zIssuerKind>;

/**
 * Care settings the pathway varies by.
 *
 * @example
 * zSetting.parse('home_care'); // 'home_care'
 */
export const zSetting = z.enum(['residential', 'nursing', 'home_care', 'supported_living', 'day_services']);
export type Setting = z.output<typeof zSetting>;

/**
 * The framework an item belongs to.
 *
 * @example
 * zFramework.parse('care_certificate');
 */
export const zFramework = z.enum([
  'employer_induction',
  'care_certificate',
  'level_2_adult_social_care_certificate',
  'core_and_mandatory',
  'oliver_mcgowan',
  'dementia_training_standards',
  'specific_area_of_practice',
  'nhs_core_skills',
]);
export type Framework = z.output<typeof zFramework>;

// Open Badges 3.0 AchievementType vocabulary: one list, owned by the credential format package.

/**
 * An Open Badges 3.0 `achievementType` value: one of the spec's terms or an `ext:`-prefixed extension.
 *
 * @example
 * zAchievementType.parse('Competency');
 */
export const zAchievementType = z.union([
  z.enum(ACHIEVEMENT_TYPES),
  z.string().regex(/^ext:[A-Za-z][A-Za-z0-9]*$/, 'extension achievement types use the ext: prefix'),
]);
export type AchievementType = z.output<typeof zAchievementType>;

/**
 * A stable catalogue code: upper-case words separated by hyphens (`CC-STD-01`, `CORE-BLS`). Codes never
 * change meaning once published; a changed item gets a new code.
 *
 * @example
 * zCatalogueCode.parse('CORE-MOVING-HANDLING');
 */
export const zCatalogueCode = z.string().regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'codes are UPPER-KEBAB-CASE');

/**
 * A refresh period in whole calendar months, or `null` for a one-off with no refresher.
 *
 * @example
 * zRefreshMonths.parse(12);
 */
export const zRefreshMonths = z.number().int().min(1).max(240).nullable();

/**
 * One item of the catalogue: something a credential can be issued for.
 *
 * @example
 * zCatalogueItem.parse({ code: 'SAP-EPILEPSY', name: 'Epilepsy', description: '…',
 *   framework: 'specific_area_of_practice', achievementType: 'CertificateOfCompletion', refreshMonths: null,
 *   deliveryModes: ['e_learning'], observedCompetenceRequired: false, issuerKinds: ['training_provider'] });
 */
export const zCatalogueItem = z.strictObject({
  code: zCatalogueCode,
  name: z.string().min(1),
  description: z.string().min(1),
  framework: zFramework,
  achievementType: zAchievementType,
  refreshMonths: zRefreshMonths,
  deliveryModes: z.array(zDeliveryMode).min(1),
  observedCompetenceRequired: z.boolean(),
  issuerKinds: z.array(zIssuerKind).min(1),
  /** Codes this item satisfies on its own (equivalences); followed transitively. */
  covers: z.array(zCatalogueCode).default([]),
  /** NHS Core Skills Training Framework subjects (codes of `nhs_core_skills` items) this item maps to. */
  cstfSubjects: z.array(zCatalogueCode).default([]),
});
export type CatalogueItem = z.output<typeof zCatalogueItem>;

/**
 * An equivalence that needs several items together, e.g. Care Certificate standard 9 from Level 2 units 9
 * and 15.
 *
 * @example
 * zCombination.parse({ code: 'CC-STD-09', allOf: ['L2ASC-U09', 'L2ASC-U15'], note: '…' });
 */
export const zCombination = z.strictObject({
  code: zCatalogueCode,
  allOf: z.array(zCatalogueCode).min(2),
  note: z.string().min(1),
});
export type Combination = z.output<typeof zCombination>;

/**
 * A whole catalogue file (`data/catalogue.v<N>.json`). Cross-references are checked by `createCareCatalogue`.
 *
 * @example
 * zCatalogueFile.parse(JSON.parse(readFileSync('data/catalogue.v1.json', 'utf8')));
 */
export const zCatalogueFile = z.strictObject({
  version: z.string().min(1),
  publishedOn: z.string().refine(isIsoDate, 'publishedOn must be YYYY-MM-DD'),
  description: z.string().min(1),
  items: z.array(zCatalogueItem).min(1),
  combinations: z.array(zCombination).default([]),
});
export type CatalogueFile = z.output<typeof zCatalogueFile>;

/**
 * Whether a pathway requirement must be met (`required`, the pathway's "must do") or is development the
 * role can do (`recommended`).
 *
 * @example
 * zRequirementLevel.parse('required');
 */
export const zRequirementLevel = z.enum(['required', 'recommended']);
export type RequirementLevel = z.output<typeof zRequirementLevel>;

/**
 * Role category ids are snake_case and stable across pathway versions.
 *
 * @example
 * zRoleCategoryId.parse('new_to_care');
 */
export const zRoleCategoryId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'role category ids are snake_case');

/**
 * A requirement entry in the pathway file. `settings` absent means every setting.
 *
 * @example
 * zPathwayRequirement.parse({ code: 'OMT-TIER2', level: 'required', settings: ['supported_living'] });
 */
export const zPathwayRequirement = z.strictObject({
  code: zCatalogueCode,
  level: zRequirementLevel,
  settings: z.array(zSetting).min(1).optional(),
});
export type PathwayRequirement = z.output<typeof zPathwayRequirement>;

/**
 * One Care Workforce Pathway role category. `extends` names a category whose requirements are inherited
 * (a stronger level in either place wins).
 *
 * @example
 * zRoleCategory.parse({ id: 'new_to_care', order: 1, name: 'New to care', description: '…', requirements: [] });
 */
export const zRoleCategory = z.strictObject({
  id: zRoleCategoryId,
  order: z.number().int().min(1),
  name: z.string().min(1),
  description: z.string().min(1),
  extends: zRoleCategoryId.optional(),
  requirements: z.array(zPathwayRequirement),
});
export type RoleCategory = z.output<typeof zRoleCategory>;

/**
 * A whole pathway file (`data/pathway.v<N>.json`). It names the catalogue version it was written against.
 *
 * @example
 * zPathwayFile.parse(JSON.parse(readFileSync('data/pathway.v1.json', 'utf8')));
 */
export const zPathwayFile = z.strictObject({
  version: z.string().min(1),
  catalogueVersion: z.string().min(1),
  publishedOn: z.string().refine(isIsoDate, 'publishedOn must be YYYY-MM-DD'),
  description: z.string().min(1),
  settings: z.array(zSetting).min(1),
  roleCategories: z.array(zRoleCategory).min(1),
});
export type PathwayFile = z.output<typeof zPathwayFile>;

/**
 * An employer's own policy. It never edits the national defaults: it overrides refresh periods for its
 * staff and adds requirements (adding a requirement the pathway already has can raise `recommended` to
 * `required`, never lower it). Codes and role categories are checked against the catalogue by
 * `parseEmployerPolicy`/`createCareCatalogue(...).zEmployerPolicy`.
 *
 * @example
 * zEmployerPolicy.parse({ refreshMonths: { 'CORE-MOVING-HANDLING': 6 }, dueSoonDays: 30 });
 */
export const zEmployerPolicy = z.strictObject({
  refreshMonths: z.record(zCatalogueCode, zRefreshMonths).optional(),
  extraRequirements: z
    .array(
      z.strictObject({
        code: zCatalogueCode,
        level: zRequirementLevel,
        roleCategories: z.array(zRoleCategoryId).min(1).optional(),
        settings: z.array(zSetting).min(1).optional(),
      }),
    )
    .optional(),
  /** Days before a refresh date at which a requirement shows as `due_soon`. Default 60. */
  dueSoonDays: z.number().int().min(0).max(3650).optional(),
});
export type EmployerPolicy = z.output<typeof zEmployerPolicy>;

/**
 * What a verifier knows about one credential after checking it: the catalogue code it was issued for, the
 * completion date, and whether signature, issuer and status checks passed. `verified: false` or a
 * `status` other than `active` means it never counts towards readiness.
 *
 * @example
 * zEvidenceCredential.parse({ id: 'urn:uuid:1', catalogueCode: 'CORE-BLS', completionDate: '2025-01-10', verified: true });
 */
export const zEvidenceCredential = z.strictObject({
  id: z.string().min(1),
  catalogueCode: z.string().min(1),
  completionDate: z.string(),
  verified: z.boolean(),
  status: z.enum(['active', 'revoked', 'suspended']).optional(),
  issuerKind: zIssuerKind.optional(),
  deliveryMode: zDeliveryMode.optional(),
});
export type EvidenceCredential = z.output<typeof zEvidenceCredential>;
