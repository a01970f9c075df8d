import type {
  AssessReadinessInput,
  Equivalences,
  IssuableCheck,
  PolicyCheck,
  ReadinessReport,
  Requirement,
} from './care-catalogue.js';
import { careCatalogue } from './default-catalogue.js';
import { achievementFor as achievementForIn, type ObAchievement } from './open-badges.js';
import type {
  CatalogueItem,
  DeliveryMode,
  EmployerPolicy,
  Framework,
  IssuerKind,
  RoleCategory,
  Setting,
} from './schema.js';

export type {
  AssessReadinessInput,
  CareCatalogue,
  Equivalences,
  IssuableCheck,
  MetBy,
  NotCountedReason,
  PolicyCheck,
  ReadinessReport,
  Requirement,
  RequirementResult,
  RequirementState,
} from './care-catalogue.js';
export { createCareCatalogue, validateCatalogueData } from './care-catalogue.js';
export { careCatalogue } from './default-catalogue.js';
export type { TrainingMatrixRow } from './csv.js';
export { csvCell, trainingMatrixCsv } from './csv.js';
export type { CredentialConfiguration, CredentialConfigurationOptions } from './credential-configuration.js';
export { credentialConfigurationFor, credentialConfigurationsSupported } from './credential-configuration.js';
export type { ObAchievement, ObAlignment } from './open-badges.js';
export type {
  AchievementType,
  CatalogueFile,
  CatalogueItem,
  Combination,
  DeliveryMode,
  EmployerPolicy,
  EvidenceCredential,
  Framework,
  IssuerKind,
  PathwayFile,
  PathwayRequirement,
  RequirementLevel,
  RoleCategory,
  Setting,
} from './schema.js';
export {
  zAchievementType,
  zCatalogueCode,
  zCatalogueFile,
  zCatalogueItem,
  zCombination,
  zDeliveryMode,
  zEmployerPolicy,
  zEvidenceCredential,
  zFramework,
  zIssuerKind,
  zPathwayFile,
  zPathwayRequirement,
  zRefreshMonths,
  zRequirementLevel,
  zRoleCategory,
  zRoleCategoryId,
  zSetting,
} from './schema.js';

// The functions below answer from the shipped catalogue and pathway (`careCatalogue`). To work against
// another version, build one with `createCareCatalogue(catalogueJson, pathwayJson)` and call its methods.

/**
 * Version of the shipped catalogue (`data/catalogue.v1.json`); every readiness report carries it.
 *
 * @example
 * catalogueVersion; // '1.0.0'
 */
export const catalogueVersion: string = careCatalogue.catalogueVersion;

/**
 * Version of the shipped Care Workforce Pathway rules (`data/pathway.v1.json`).
 *
 * @example
 * pathwayVersion; // '2025-04.1'
 */
export const pathwayVersion: string = careCatalogue.pathwayVersion;

/**
 * Every catalogue item, optionally only one framework's.
 *
 * @example
 * listItems({ framework: 'care_certificate' }).length; // 16 (15 standards and the whole certificate)
 */
export function listItems(filter?: { framework?: Framework }): readonly CatalogueItem[] {
  return careCatalogue.listItems(filter);
}

/**
 * The item with this code, or `undefined`.
 *
 * @example
 * getItem('CORE-BLS')?.refreshMonths; // 12
 */
export function getItem(code: string): CatalogueItem | undefined {
  return careCatalogue.getItem(code);
}

/**
 * What an item covers and what covers it (transitively), and the combinations that satisfy it. Throws
 * `TypeError` for an unknown code.
 *
 * @example
 * equivalencesFor('CC-STD-03').coveredBy; // ['CC-FULL', 'L2ASC-U03', 'L2ASC-FULL']
 */
export function equivalencesFor(code: string): Equivalences {
  return careCatalogue.equivalencesFor(code);
}

/**
 * Whether an issuer of this kind may offer a credential for this code in this delivery mode. Issuance
 * calls it before creating an offer and returns the reason to the caller.
 *
 * @example
 * checkIssuable({ code: 'CC-STD-01', issuerKind: 'training_provider', deliveryMode: 'blended' });
 * // { ok: false, reason: 'issuer_kind_not_allowed', detail: '… can be attested by employer, not by training_provider.' }
 */
export function checkIssuable(offer: {
  code: string;
  issuerKind: IssuerKind | string;
  deliveryMode: DeliveryMode | string;
}): IssuableCheck {
  return careCatalogue.checkIssuable(offer);
}

/**
 * The care settings the pathway distinguishes.
 *
 * @example
 * listSettings(); // ['residential', 'nursing', 'home_care', 'supported_living', 'day_services']
 */
export function listSettings(): readonly Setting[] {
  return careCatalogue.listSettings();
}

/**
 * The eight role categories, in pathway order.
 *
 * @example
 * listRoleCategories()[0]?.id; // 'new_to_care'
 */
export function listRoleCategories(): readonly RoleCategory[] {
  return careCatalogue.listRoleCategories();
}

/**
 * Required and recommended items for a role category in a setting, after the employer's policy
 * (overridden refresh periods, extra requirements). Throws `TypeError` for an unknown role category or
 * setting, or a policy that `checkEmployerPolicy` would refuse.
 *
 * @example
 * requirementsFor('new_to_care', 'home_care').filter((r) => r.level === 'required').map((r) => r.code);
 */
export function requirementsFor(
  roleCategory: string,
  setting: Setting,
  policy?: EmployerPolicy,
): Requirement[] {
  return careCatalogue.requirementsFor(roleCategory, setting, policy);
}

/**
 * When learning completed on `completionDate` should be refreshed (YYYY-MM-DD), or `null` for a one-off.
 * Calendar months; a day that does not exist clamps to the month's end.
 *
 * @example
 * refreshDueDate('CORE-BLS', '2024-02-29'); // '2025-02-28'
 */
export function refreshDueDate(
  item: CatalogueItem | string,
  completionDate: string,
  policy?: EmployerPolicy,
): string | null {
  return careCatalogue.refreshDueDate(item, completionDate, policy);
}

/**
 * Readiness for a role category in a setting on a date: for every requirement met (by which credential,
 * directly or through an equivalence), due soon, lapsed (since when) or missing; a summary; and what to
 * retrain. Unverified, revoked and suspended credentials never count; they are listed in `notCounted`.
 *
 * @example
 * const report = assessReadiness({ credentials, roleCategory: 'new_to_care', setting: 'home_care', today: '2025-09-02' });
 * report.summary.ready; // true
 */
export function assessReadiness(input: AssessReadinessInput): ReadinessReport {
  return careCatalogue.assessReadiness(input);
}

/**
 * Parses an employer policy from outside input and checks its codes and role categories against the
 * catalogue: `{ ok: true, policy }` or `{ ok: false, reason: 'invalid_policy', detail, issues }`.
 *
 * @example
 * checkEmployerPolicy({ refreshMonths: { 'CORE-MOVING-HANDLING': 6 } }).ok; // true
 */
export function checkEmployerPolicy(input: unknown): PolicyCheck {
  return careCatalogue.checkEmployerPolicy(input);
}

/**
 * The Open Badges 3.0 `Achievement` for an item of the shipped catalogue.
 *
 * @example
 * achievementFor(getItem('CORE-BLS')!, { catalogueBaseUrl: 'https://passport.example/catalogue' }).id;
 * // 'https://passport.example/catalogue/CORE-BLS'
 */
export function achievementFor(item: CatalogueItem, options: { catalogueBaseUrl: string }): ObAchievement {
  return achievementForIn(careCatalogue, item, options);
}
