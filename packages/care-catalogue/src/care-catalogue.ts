import {
  type CatalogueFile,
  type CatalogueItem,
  type Combination,
  type DeliveryMode,
  type EmployerPolicy,
  type EvidenceCredential,
  type Framework,
  type IssuerKind,
  type PathwayFile,
  type RequirementLevel,
  type RoleCategory,
  type Setting,
  zCatalogueFile,
  zEmployerPolicy,
  zPathwayFile,
} from './schema.js';
import { addMonths, daysBetween, isIsoDate, toDayNumber } from './internal/dates.js';

/** Result of {@link CareCatalogue.checkIssuable}. */
export type IssuableCheck =
  | { ok: true; item: CatalogueItem }
  | {
      ok: false;
      /**
       * `unknown_code`: no item has this code in this catalogue version.
       * `issuer_kind_not_allowed`: this kind of issuer may not attest the item (e.g. a training provider
       * offering a Care Certificate standard, which only the employer signs off).
       * `delivery_mode_not_accepted`: the item does not accept this delivery mode (e.g. e-learning alone for
       * an item that needs observed competence).
       */
      reason: 'unknown_code' | 'issuer_kind_not_allowed' | 'delivery_mode_not_accepted';
      detail: string;
    };

/** One requirement for a role category in a setting, after employer policy. */
export type Requirement = {
  code: string;
  name: string;
  level: RequirementLevel;
  /** `employer` when the employer's policy added the requirement or raised it to required. */
  source: 'pathway' | 'employer';
  /** Refresh period in months after employer overrides; `null` means one-off. */
  refreshMonths: number | null;
};

export type RequirementState = 'met' | 'due_soon' | 'lapsed' | 'missing';

/** How a requirement was met. */
export type MetBy = {
  credentialId: string;
  /** `direct`: a credential for this very code; `equivalence`: a credential for a code that covers it. */
  via: 'direct' | 'equivalence';
  /** For `equivalence`: the catalogue code of the credential that satisfied it. */
  viaCode?: string;
  /** For a combination (several items together): the other credentials used. */
  combinedWith?: string[];
};

export type RequirementResult = Requirement & {
  state: RequirementState;
  metBy?: MetBy;
  completionDate?: string;
  /** Present when the requirement has a refresh period and some credential meets it. */
  refreshDue?: string;
  /** For `lapsed`: the refresh date that passed. */
  lapsedSince?: string;
};

/**
 * Why a credential was left out of a readiness report.
 * `not_verified`: signature, issuer or schema checks failed. `revoked` / `suspended`: its status list says
 * so. `unknown_code`: not in this catalogue version. `issuer_kind_not_allowed` /
 * `delivery_mode_not_accepted`: the credential says it was attested by a kind of issuer, or delivered in a
 * mode, that the item does not accept. `invalid_completion_date`: not a YYYY-MM-DD calendar date.
 * `completed_after_as_of`: completed after the report date.
 */
export type NotCountedReason =
  | 'not_verified'
  | 'revoked'
  | 'suspended'
  | 'unknown_code'
  | 'issuer_kind_not_allowed'
  | 'delivery_mode_not_accepted'
  | 'invalid_completion_date'
  | 'completed_after_as_of';

export type ReadinessReport = {
  catalogueVersion: string;
  pathwayVersion: string;
  roleCategory: string;
  setting: Setting;
  asOf: string;
  dueSoonDays: number;
  requirements: RequirementResult[];
  summary: {
    total: number;
    met: number;
    dueSoon: number;
    lapsed: number;
    missing: number;
    /** True when no required requirement is lapsed or missing (due soon still counts as ready). */
    ready: boolean;
  };
  /** Codes to retrain: lapsed or missing requirements, required ones first, in requirement order. */
  retrain: string[];
  notCounted: { credentialId: string; catalogueCode: string; reason: NotCountedReason }[];
};

export type AssessReadinessInput = {
  credentials: readonly EvidenceCredential[];
  roleCategory: string;
  setting: Setting;
  policy?: EmployerPolicy;
  /** The report date, YYYY-MM-DD. */
  today: string;
  /** Days before the refresh date at which a requirement is `due_soon`. Default: policy's, else 60. */
  dueSoonDays?: number;
};

export type PolicyCheck =
  | { ok: true; policy: EmployerPolicy }
  | { ok: false; reason: 'invalid_policy'; detail: string; issues: string[] };

/** Equivalences of one item, as computed from the catalogue. */
export type Equivalences = {
  /** Every code this item satisfies on its own, followed transitively (not including itself). */
  covers: string[];
  /** Every code whose credential satisfies this item on its own (not including itself). */
  coveredBy: string[];
  /** Combinations of items that together satisfy this item. */
  combinations: Combination[];
};

/** A loaded, cross-checked catalogue plus pathway, with the pure functions over them. */
export type CareCatalogue = {
  readonly catalogueVersion: string;
  readonly pathwayVersion: string;
  listItems(filter?: { framework?: Framework }): readonly CatalogueItem[];
  getItem(code: string): CatalogueItem | undefined;
  equivalencesFor(code: string): Equivalences;
  checkIssuable(offer: {
    code: string;
    issuerKind: IssuerKind | string;
    deliveryMode: DeliveryMode | string;
  }): IssuableCheck;
  listSettings(): readonly Setting[];
  listRoleCategories(): readonly RoleCategory[];
  requirementsFor(roleCategory: string, setting: Setting, policy?: EmployerPolicy): Requirement[];
  refreshDueDate(
    item: CatalogueItem | string,
    completionDate: string,
    policy?: EmployerPolicy,
  ): string | null;
  assessReadiness(input: AssessReadinessInput): ReadinessReport;
  checkEmployerPolicy(input: unknown): PolicyCheck;
};

const DEFAULT_DUE_SOON_DAYS = 60;
const LEVEL_RANK: Record<RequirementLevel, number> = { recommended: 0, required: 1 };

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function formatZodIssues(
  prefix: string,
  issues: readonly { path: PropertyKey[]; message: string }[],
): string[] {
  return issues.map(
    (i) => `${prefix}${i.path.length ? ` at ${i.path.map(String).join('.')}` : ''}: ${i.message}`,
  );
}

/**
 * Checks a catalogue file and a pathway file, separately (zod) and against each other: unique codes;
 * every equivalence, NHS CSTF mapping, combination and requirement names an existing code; no item that
 * needs observed competence accepts e-learning; the pathway was written for this catalogue version;
 * `extends` chains exist and do not loop; no code appears twice for one setting in one role category;
 * every role category has at least one requirement in every setting.
 *
 * @example
 * const result = validateCatalogueData(catalogueJson, pathwayJson);
 * if (!result.ok) console.error(result.issues.join('\n'));
 */
export function validateCatalogueData(
  catalogueRaw: unknown,
  pathwayRaw: unknown,
): { ok: true; catalogue: CatalogueFile; pathway: PathwayFile } | { ok: false; issues: string[] } {
  const c = zCatalogueFile.safeParse(catalogueRaw);
  const p = zPathwayFile.safeParse(pathwayRaw);
  const issues: string[] = [];
  if (!c.success) issues.push(...formatZodIssues('catalogue', c.error.issues));
  if (!p.success) issues.push(...formatZodIssues('pathway', p.error.issues));
  if (!c.success || !p.success) return { ok: false, issues };
  const catalogue = c.data;
  const pathway = p.data;

  const byCode = new Map<string, CatalogueItem>();
  for (const item of catalogue.items) {
    if (byCode.has(item.code)) issues.push(`catalogue: duplicate code ${item.code}`);
    byCode.set(item.code, item);
  }
  for (const item of catalogue.items) {
    for (const code of item.covers) {
      if (code === item.code) issues.push(`catalogue: ${item.code} covers itself`);
      else if (!byCode.has(code)) issues.push(`catalogue: ${item.code} covers unknown code ${code}`);
    }
    for (const code of item.cstfSubjects) {
      const target = byCode.get(code);
      if (!target) issues.push(`catalogue: ${item.code} maps to unknown NHS CSTF subject ${code}`);
      else if (target.framework !== 'nhs_core_skills')
        issues.push(`catalogue: ${item.code} maps to ${code}, which is not an NHS CSTF subject`);
    }
    if (item.observedCompetenceRequired && item.deliveryModes.includes('e_learning'))
      issues.push(`catalogue: ${item.code} needs observed competence, so it cannot accept e_learning`);
    if (new Set(item.deliveryModes).size !== item.deliveryModes.length)
      issues.push(`catalogue: ${item.code} lists a delivery mode twice`);
    if (new Set(item.issuerKinds).size !== item.issuerKinds.length)
      issues.push(`catalogue: ${item.code} lists an issuer kind twice`);
  }
  for (const combo of catalogue.combinations) {
    if (!byCode.has(combo.code)) issues.push(`catalogue: combination for unknown code ${combo.code}`);
    for (const part of combo.allOf) {
      if (!byCode.has(part))
        issues.push(`catalogue: combination for ${combo.code} uses unknown code ${part}`);
      if (part === combo.code) issues.push(`catalogue: combination for ${combo.code} uses itself`);
    }
    if (new Set(combo.allOf).size !== combo.allOf.length)
      issues.push(`catalogue: combination for ${combo.code} lists a part twice`);
  }

  if (pathway.catalogueVersion !== catalogue.version)
    issues.push(
      `pathway ${pathway.version} was written for catalogue ${pathway.catalogueVersion}, not ${catalogue.version}`,
    );
  const roles = new Map<string, RoleCategory>();
  const orders = new Set<number>();
  for (const rc of pathway.roleCategories) {
    if (roles.has(rc.id)) issues.push(`pathway: duplicate role category ${rc.id}`);
    if (orders.has(rc.order)) issues.push(`pathway: duplicate order ${rc.order} (${rc.id})`);
    roles.set(rc.id, rc);
    orders.add(rc.order);
  }
  for (const rc of pathway.roleCategories) {
    if (rc.extends !== undefined && !roles.has(rc.extends))
      issues.push(`pathway: ${rc.id} extends unknown role category ${rc.extends}`);
    const seen = new Set<string>();
    for (let cur: RoleCategory | undefined = rc; cur?.extends !== undefined; cur = roles.get(cur.extends)) {
      if (seen.has(cur.id)) {
        issues.push(`pathway: ${rc.id} has an extends loop`);
        break;
      }
      seen.add(cur.id);
    }
    const perSetting = new Set<string>();
    for (const req of rc.requirements) {
      if (!byCode.has(req.code)) issues.push(`pathway: ${rc.id} requires unknown code ${req.code}`);
      for (const s of req.settings ?? pathway.settings) {
        if (!pathway.settings.includes(s))
          issues.push(`pathway: ${rc.id} names setting ${s}, not in settings`);
        const key = `${req.code}@${s}`;
        if (perSetting.has(key)) issues.push(`pathway: ${rc.id} lists ${req.code} twice for ${s}`);
        perSetting.add(key);
      }
    }
  }
  if (issues.length > 0) return { ok: false, issues };

  for (const rc of pathway.roleCategories) {
    for (const s of pathway.settings) {
      if (resolveRequirements(roles, rc.id, s).size === 0)
        issues.push(`pathway: ${rc.id} has no requirements in setting ${s}`);
    }
  }
  return issues.length > 0 ? { ok: false, issues } : { ok: true, catalogue, pathway };
}

function resolveRequirements(
  roles: ReadonlyMap<string, RoleCategory>,
  roleCategory: string,
  setting: Setting,
): Map<string, RequirementLevel> {
  const chain: RoleCategory[] = [];
  const seen = new Set<string>();
  for (
    let cur = roles.get(roleCategory);
    cur && !seen.has(cur.id);
    cur = cur.extends ? roles.get(cur.extends) : undefined
  ) {
    seen.add(cur.id);
    chain.unshift(cur);
  }
  const out = new Map<string, RequirementLevel>();
  for (const rc of chain) {
    for (const req of rc.requirements) {
      if (req.settings && !req.settings.includes(setting)) continue;
      const prev = out.get(req.code);
      // A stronger level wins, whether it comes from the parent or the child: a category extends its
      // parent and never loosens what the parent requires.
      if (prev === undefined || LEVEL_RANK[req.level] > LEVEL_RANK[prev]) out.set(req.code, req.level);
    }
  }
  return out;
}

type Candidate = {
  credential: EvidenceCredential;
  completionDate: string;
  via: 'direct' | 'equivalence';
  combinedWith?: string[];
};

function newer(a: Candidate | undefined, b: Candidate): Candidate {
  if (!a) return b;
  const da = toDayNumber(a.completionDate);
  const db = toDayNumber(b.completionDate);
  if (db !== da) return db > da ? b : a;
  // Same day: a direct credential is the plainer explanation; then the lower id, so output is stable.
  if (a.via !== b.via) return a.via === 'direct' ? a : b;
  return b.credential.id < a.credential.id ? b : a;
}

/**
 * Builds a catalogue from raw catalogue and pathway data (for instance a new version's JSON files). The
 * data are validated by {@link validateCatalogueData} once; invalid data throws `TypeError` listing every
 * problem, because shipping a bad data file is a programming error.
 *
 * @example
 * const cat = createCareCatalogue(JSON.parse(catalogueText), JSON.parse(pathwayText));
 * cat.checkIssuable({ code: 'CORE-BLS', issuerKind: 'training_provider', deliveryMode: 'classroom' }).ok; // true
 */
export function createCareCatalogue(catalogueRaw: unknown, pathwayRaw: unknown): CareCatalogue {
  const result = validateCatalogueData(catalogueRaw, pathwayRaw);
  if (!result.ok) throw new TypeError(`invalid care catalogue data:\n${result.issues.join('\n')}`);
  const catalogue = deepFreeze(result.catalogue);
  const pathway = deepFreeze(result.pathway);

  const byCode = new Map(catalogue.items.map((i) => [i.code, i] as const));
  const roles = new Map(pathway.roleCategories.map((r) => [r.id, r] as const));
  const rolesInOrder = Object.freeze([...pathway.roleCategories].sort((a, b) => a.order - b.order));

  // Reflexive-transitive closure of `covers`, then its reverse: satisfiers.get(X) = every code whose
  // credential satisfies X on its own (X included).
  const closure = new Map<string, Set<string>>();
  for (const item of catalogue.items) {
    const seen = new Set<string>([item.code]);
    const stack = [...item.covers];
    while (stack.length > 0) {
      const code = stack.pop()!;
      if (seen.has(code)) continue;
      seen.add(code);
      stack.push(...(byCode.get(code)?.covers ?? []));
    }
    closure.set(item.code, seen);
  }
  const satisfiers = new Map<string, Set<string>>();
  for (const [from, covered] of closure) {
    for (const to of covered) {
      const set = satisfiers.get(to) ?? new Set<string>();
      set.add(from);
      satisfiers.set(to, set);
    }
  }
  const combosFor = new Map<string, Combination[]>();
  for (const combo of catalogue.combinations)
    combosFor.set(combo.code, [...(combosFor.get(combo.code) ?? []), combo]);

  function requireItem(code: string, what: string): CatalogueItem {
    const item = byCode.get(code);
    if (!item)
      throw new TypeError(`${what}: unknown catalogue code ${code} (catalogue ${catalogue.version})`);
    return item;
  }

  function assertPolicy(policy: EmployerPolicy | undefined): void {
    if (policy === undefined) return;
    const check = checkEmployerPolicy(policy);
    if (!check.ok) throw new TypeError(`employer policy not checked before use: ${check.issues.join('; ')}`);
  }

  function checkEmployerPolicy(input: unknown): PolicyCheck {
    const parsed = zEmployerPolicy.safeParse(input);
    if (!parsed.success) {
      const issues = formatZodIssues('policy', parsed.error.issues);
      return { ok: false, reason: 'invalid_policy', detail: issues[0] ?? 'invalid policy', issues };
    }
    const issues: string[] = [];
    for (const code of Object.keys(parsed.data.refreshMonths ?? {}))
      if (!byCode.has(code)) issues.push(`policy: refresh override for unknown code ${code}`);
    for (const extra of parsed.data.extraRequirements ?? []) {
      if (!byCode.has(extra.code)) issues.push(`policy: extra requirement for unknown code ${extra.code}`);
      for (const rc of extra.roleCategories ?? [])
        if (!roles.has(rc))
          issues.push(`policy: extra requirement ${extra.code} names unknown role category ${rc}`);
    }
    if (issues.length > 0) return { ok: false, reason: 'invalid_policy', detail: issues[0]!, issues };
    return { ok: true, policy: parsed.data };
  }

  function refreshMonthsFor(item: CatalogueItem, policy: EmployerPolicy | undefined): number | null {
    const override = policy?.refreshMonths?.[item.code];
    return override === undefined ? item.refreshMonths : override;
  }

  function refreshDueDate(
    itemOrCode: CatalogueItem | string,
    completionDate: string,
    policy?: EmployerPolicy,
  ): string | null {
    assertPolicy(policy);
    const item = requireItem(typeof itemOrCode === 'string' ? itemOrCode : itemOrCode.code, 'refreshDueDate');
    const months = refreshMonthsFor(item, policy);
    if (!isIsoDate(completionDate))
      throw new TypeError(
        `refreshDueDate: completionDate must be YYYY-MM-DD, got ${JSON.stringify(completionDate)}`,
      );
    return months === null ? null : addMonths(completionDate, months);
  }

  function requirementsFor(roleCategory: string, setting: Setting, policy?: EmployerPolicy): Requirement[] {
    if (!roles.has(roleCategory))
      throw new TypeError(
        `requirementsFor: unknown role category ${roleCategory} (pathway ${pathway.version})`,
      );
    if (!pathway.settings.includes(setting))
      throw new TypeError(`requirementsFor: unknown setting ${String(setting)} (pathway ${pathway.version})`);
    assertPolicy(policy);
    const levels = new Map<string, { level: RequirementLevel; source: 'pathway' | 'employer' }>();
    for (const [code, level] of resolveRequirements(roles, roleCategory, setting))
      levels.set(code, { level, source: 'pathway' });
    for (const extra of policy?.extraRequirements ?? []) {
      if (extra.roleCategories && !extra.roleCategories.includes(roleCategory)) continue;
      if (extra.settings && !extra.settings.includes(setting)) continue;
      const prev = levels.get(extra.code);
      // Employers add to the national defaults; they cannot lower a national requirement.
      if (prev === undefined || LEVEL_RANK[extra.level] > LEVEL_RANK[prev.level])
        levels.set(extra.code, { level: extra.level, source: 'employer' });
    }
    return [...levels].map(([code, { level, source }]) => {
      const item = requireItem(code, 'requirementsFor');
      return { code, name: item.name, level, source, refreshMonths: refreshMonthsFor(item, policy) };
    });
  }

  function checkIssuable(offer: { code: string; issuerKind: string; deliveryMode: string }): IssuableCheck {
    const item = byCode.get(offer.code);
    if (!item)
      return {
        ok: false,
        reason: 'unknown_code',
        detail: `There is no item ${JSON.stringify(offer.code)} in care catalogue ${catalogue.version}.`,
      };
    if (!(item.issuerKinds as string[]).includes(offer.issuerKind))
      return {
        ok: false,
        reason: 'issuer_kind_not_allowed',
        detail: `${item.name} (${item.code}) can be attested by ${item.issuerKinds.join(' or ')}, not by ${offer.issuerKind}.`,
      };
    if (!(item.deliveryModes as string[]).includes(offer.deliveryMode))
      return {
        ok: false,
        reason: 'delivery_mode_not_accepted',
        detail: `${item.name} (${item.code}) accepts ${item.deliveryModes.join(', ')}, not ${offer.deliveryMode}${
          item.observedCompetenceRequired ? ' (it needs observed competence)' : ''
        }.`,
      };
    return { ok: true, item };
  }

  function assessReadiness(input: AssessReadinessInput): ReadinessReport {
    const { credentials, roleCategory, setting, policy, today } = input;
    if (!isIsoDate(today))
      throw new TypeError(`assessReadiness: today must be YYYY-MM-DD, got ${JSON.stringify(today)}`);
    const dueSoonDays = input.dueSoonDays ?? policy?.dueSoonDays ?? DEFAULT_DUE_SOON_DAYS;
    if (!Number.isInteger(dueSoonDays) || dueSoonDays < 0)
      throw new TypeError(
        `assessReadiness: dueSoonDays must be a whole number of days >= 0, got ${dueSoonDays}`,
      );
    const requirements = requirementsFor(roleCategory, setting, policy);
    const todayN = toDayNumber(today);

    const notCounted: ReadinessReport['notCounted'] = [];
    const byHeldCode = new Map<string, EvidenceCredential[]>();
    for (const cred of credentials) {
      const item = byCode.get(cred.catalogueCode);
      let reason: NotCountedReason | undefined;
      if (!cred.verified) reason = 'not_verified';
      else if (cred.status === 'revoked') reason = 'revoked';
      else if (cred.status === 'suspended') reason = 'suspended';
      else if (!item) reason = 'unknown_code';
      else if (cred.issuerKind !== undefined && !item.issuerKinds.includes(cred.issuerKind))
        reason = 'issuer_kind_not_allowed';
      else if (cred.deliveryMode !== undefined && !item.deliveryModes.includes(cred.deliveryMode))
        reason = 'delivery_mode_not_accepted';
      else if (!isIsoDate(cred.completionDate)) reason = 'invalid_completion_date';
      else if (toDayNumber(cred.completionDate) > todayN) reason = 'completed_after_as_of';
      if (reason) {
        notCounted.push({ credentialId: cred.id, catalogueCode: cred.catalogueCode, reason });
        continue;
      }
      byHeldCode.set(cred.catalogueCode, [...(byHeldCode.get(cred.catalogueCode) ?? []), cred]);
    }

    // Newest credential whose item satisfies `code` on its own (directly or through `covers`).
    function bestAlone(code: string): Candidate | undefined {
      let best: Candidate | undefined;
      for (const held of satisfiers.get(code) ?? []) {
        for (const cred of byHeldCode.get(held) ?? []) {
          best = newer(best, {
            credential: cred,
            completionDate: cred.completionDate,
            via: held === code ? 'direct' : 'equivalence',
          });
        }
      }
      return best;
    }

    function best(code: string): Candidate | undefined {
      let result = bestAlone(code);
      for (const combo of combosFor.get(code) ?? []) {
        const parts = combo.allOf.map(bestAlone);
        if (parts.some((p) => p === undefined)) continue;
        const found = parts as Candidate[];
        // A combination is only as fresh as its oldest part.
        const oldest = found.reduce((a, b) =>
          toDayNumber(b.completionDate) < toDayNumber(a.completionDate) ? b : a,
        );
        result = newer(result, {
          credential: oldest.credential,
          completionDate: oldest.completionDate,
          via: 'equivalence',
          combinedWith: found.filter((p) => p !== oldest).map((p) => p.credential.id),
        });
      }
      return result;
    }

    // Object.assign rather than `{ ...req, … }`: on Node 20 an object literal that starts with a spread is
    // ~50× slower, and this runs for every requirement of every readiness check (same key order either way).
    const results: RequirementResult[] = requirements.map((req): RequirementResult => {
      const found = best(req.code);
      if (!found) return Object.assign({}, req, { state: 'missing' as const });
      const metBy: MetBy = { credentialId: found.credential.id, via: found.via };
      if (found.via === 'equivalence') metBy.viaCode = found.credential.catalogueCode;
      if (found.combinedWith) metBy.combinedWith = found.combinedWith;
      const base = Object.assign({}, req, { metBy, completionDate: found.completionDate });
      if (req.refreshMonths === null) return Object.assign(base, { state: 'met' as const });
      const refreshDue = addMonths(found.completionDate, req.refreshMonths);
      const daysLeft = daysBetween(today, refreshDue);
      // Due exactly today is still in date (due_soon); the day after the refresh date it has lapsed.
      if (daysLeft < 0)
        return Object.assign(base, { state: 'lapsed' as const, refreshDue, lapsedSince: refreshDue });
      if (daysLeft <= dueSoonDays) return Object.assign(base, { state: 'due_soon' as const, refreshDue });
      return Object.assign(base, { state: 'met' as const, refreshDue });
    });

    const count = (s: RequirementState) => results.filter((r) => r.state === s).length;
    const gap = (r: RequirementResult) => r.state === 'lapsed' || r.state === 'missing';
    return {
      catalogueVersion: catalogue.version,
      pathwayVersion: pathway.version,
      roleCategory,
      setting,
      asOf: today,
      dueSoonDays,
      requirements: results,
      summary: {
        total: results.length,
        met: count('met'),
        dueSoon: count('due_soon'),
        lapsed: count('lapsed'),
        missing: count('missing'),
        ready: !results.some((r) => r.level === 'required' && gap(r)),
      },
      retrain: [
        ...results.filter((r) => r.level === 'required' && gap(r)),
        ...results.filter((r) => r.level === 'recommended' && gap(r)),
      ].map((r) => r.code),
      notCounted,
    };
  }

  const frozenItems = Object.freeze([...catalogue.items]);
  return Object.freeze({
    catalogueVersion: catalogue.version,
    pathwayVersion: pathway.version,
    listItems: (filter?: { framework?: Framework }) =>
      filter?.framework ? frozenItems.filter((i) => i.framework === filter.framework) : frozenItems,
    getItem: (code: string) => byCode.get(code),
    equivalencesFor(code: string): Equivalences {
      requireItem(code, 'equivalencesFor');
      return {
        covers: [...(closure.get(code) ?? [])].filter((c) => c !== code),
        coveredBy: [...(satisfiers.get(code) ?? [])].filter((c) => c !== code),
        combinations: combosFor.get(code) ?? [],
      };
    },
    checkIssuable,
    listSettings: () => pathway.settings,
    listRoleCategories: () => rolesInOrder,
    requirementsFor,
    refreshDueDate,
    assessReadiness,
    checkEmployerPolicy,
  });
}
