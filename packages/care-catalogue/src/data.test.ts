import { readFileSync } from 'node:fs';
import { createCareCatalogue, validateCatalogueData } from './care-catalogue.js';
import {
  catalogueVersion,
  getItem,
  listItems,
  listRoleCategories,
  listSettings,
  pathwayVersion,
  requirementsFor,
} from './index.js';

const read = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`../data/${name}`, import.meta.url), 'utf8'));
const pad = (n: number) => String(n).padStart(2, '0');

describe('shipped data (catalogue.v1.json, pathway.v1.json)', () => {
  it('passes the schema and every cross-reference check', () => {
    const sut = validateCatalogueData(read('catalogue.v1.json'), read('pathway.v1.json'));
    expect(sut.ok ? [] : sut.issues).toEqual([]);
    expect(sut.ok).toBe(true);
  });

  it('names its versions, and the pathway was written for this catalogue', () => {
    expect(catalogueVersion).toBe('1.0.0');
    expect(pathwayVersion).toBe('2025-04.1');
    expect(read('pathway.v1.json')['catalogueVersion']).toBe(catalogueVersion);
  });

  it('holds each of the 15 Care Certificate standards and the whole certificate, signed off by the employer only', () => {
    const cc = listItems({ framework: 'care_certificate' });
    expect(cc.map((i) => i.code)).toEqual([
      ...Array.from({ length: 15 }, (_, i) => `CC-STD-${pad(i + 1)}`),
      'CC-FULL',
    ]);
    for (const item of cc) {
      expect(item.issuerKinds).toEqual(['employer']);
      expect(item.refreshMonths).toBeNull();
      expect(item.observedCompetenceRequired).toBe(true);
    }
  });

  it('holds the 15 Level 2 Adult Social Care Certificate units and the whole qualification, from awarding organisations', () => {
    const l2 = listItems({ framework: 'level_2_adult_social_care_certificate' });
    expect(l2.map((i) => i.code)).toEqual([
      ...Array.from({ length: 15 }, (_, i) => `L2ASC-U${pad(i + 1)}`),
      'L2ASC-FULL',
    ]);
    for (const item of l2) expect(item.issuerKinds).toEqual(['awarding_organisation']);
  });

  it.each([
    ['CORE-MOVING-HANDLING', 12],
    ['CORE-BLS', 12],
    ['CORE-FIRST-AID', 36],
    ['CORE-MEDICATION', 12],
    ['CORE-SAFEGUARDING-ADULTS', 12],
    ['CORE-FIRE-SAFETY', 12],
    ['CORE-PBS', 12],
    ['CORE-MCA-DOLS', 36],
    ['CORE-FOOD-HYGIENE', 36],
    ['CORE-IPC', 36],
    ['OMT-TIER1', 36],
    ['OMT-TIER2', 36],
    ['DEM-TIER1', null],
    ['SAP-END-OF-LIFE', null],
    ['SAP-ACQUIRED-BRAIN-INJURY', null],
  ])('%s has default refresh period %p months', (code, months) => {
    expect(getItem(code)?.refreshMonths).toBe(months);
  });

  it('holds the specific areas of practice named by the pathway', () => {
    const codes = listItems({ framework: 'specific_area_of_practice' }).map((i) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'SAP-END-OF-LIFE',
        'SAP-LEARNING-DISABILITIES',
        'SAP-AUTISM',
        'SAP-MENTAL-HEALTH',
        'SAP-DIABETES',
        'SAP-ACQUIRED-BRAIN-INJURY',
      ]),
    );
  });

  it('holds the 11 NHS Core Skills Training Framework subjects', () => {
    expect(listItems({ framework: 'nhs_core_skills' })).toHaveLength(11);
  });

  it('has the eight role categories in pathway order, role category 1 being new to care', () => {
    expect(listRoleCategories().map((r) => r.id)).toEqual([
      'new_to_care',
      'care_or_support_worker',
      'enhanced_care_worker',
      'personal_assistant',
      'supervisor_or_leader',
      'practice_leader',
      'deputy_manager',
      'registered_manager',
    ]);
  });

  it('gives every role category required items in every setting', () => {
    for (const rc of listRoleCategories())
      for (const setting of listSettings()) {
        const reqs = requirementsFor(rc.id, setting);
        expect(reqs.filter((r) => r.level === 'required').length).toBeGreaterThan(0);
        for (const r of reqs) expect(getItem(r.code)).toBeDefined();
      }
  });

  it('varies by setting (Oliver McGowan tier 2 is required in supported living only for new to care)', () => {
    const level = (setting: 'supported_living' | 'home_care') =>
      requirementsFor('new_to_care', setting).find((r) => r.code === 'OMT-TIER2')?.level;
    expect(level('supported_living')).toBe('required');
    expect(level('home_care')).toBeUndefined();
  });

  it('lets a child category raise but never lower what it inherits', () => {
    // care_or_support_worker extends new_to_care, where medication is only recommended.
    expect(requirementsFor('new_to_care', 'home_care').find((r) => r.code === 'CORE-MEDICATION')?.level).toBe(
      'recommended',
    );
    expect(
      requirementsFor('care_or_support_worker', 'home_care').find((r) => r.code === 'CORE-MEDICATION')?.level,
    ).toBe('required');
  });

  it('freezes the loaded data so no caller can change the national defaults', () => {
    const item = getItem('CORE-BLS')!;
    expect(Object.isFrozen(item)).toBe(true);
    expect(() => {
      (item as { refreshMonths: number | null }).refreshMonths = 99;
    }).toThrow(TypeError);
  });
});

describe('validateCatalogueData negatives', () => {
  const clone = <T>(v: T): T => structuredClone(v);
  type Item = {
    code: string;
    covers: string[];
    cstfSubjects: string[];
    deliveryModes: string[];
    observedCompetenceRequired: boolean;
  };
  type Rc = {
    id: string;
    extends?: string;
    requirements: { code: string; level: string; settings?: string[] }[];
  };
  const base = () => ({
    catalogue: clone(read('catalogue.v1.json')),
    pathway: clone(read('pathway.v1.json')),
  });
  const items = (c: Record<string, unknown>) => c['items'] as Item[];
  const roles = (p: Record<string, unknown>) => p['roleCategories'] as Rc[];
  const issuesOf = (c: unknown, p: unknown) => {
    const r = validateCatalogueData(c, p);
    return r.ok ? [] : r.issues;
  };

  it.each<[string, (c: Record<string, unknown>, p: Record<string, unknown>) => void, RegExp]>([
    ['equivalence-to-unknown-code', (c) => items(c)[0]!.covers.push('NOPE-1'), /covers unknown code NOPE-1/],
    ['self-cover', (c) => items(c)[0]!.covers.push(items(c)[0]!.code), /covers itself/],
    ['duplicate-code', (c) => items(c).push(clone(items(c)[0]!)), /duplicate code INDUCTION-EMPLOYER/],
    [
      'cstf-mapping-to-non-cstf-item',
      (c) =>
        items(c)
          .find((i) => i.code === 'CORE-BLS')!
          .cstfSubjects.push('CORE-IPC'),
      /not an NHS CSTF subject/,
    ],
    [
      'observed-competence-with-e-learning',
      (c) =>
        items(c)
          .find((i) => i.code === 'CORE-MEDICATION')!
          .deliveryModes.push('e_learning'),
      /needs observed competence/,
    ],
    [
      'requirement-for-unknown-code',
      (_c, p) => roles(p)[0]!.requirements.push({ code: 'NOPE-2', level: 'required' }),
      /unknown code NOPE-2/,
    ],
    [
      'same-code-twice-in-one-setting',
      (_c, p) =>
        roles(p)[0]!.requirements.push({ code: 'CORE-BLS', level: 'recommended', settings: ['nursing'] }),
      /lists CORE-BLS twice for nursing/,
    ],
    [
      'extends-unknown-category',
      (_c, p) => (roles(p)[1]!.extends = 'nobody'),
      /extends unknown role category/,
    ],
    ['extends-loop', (_c, p) => (roles(p)[0]!.extends = 'care_or_support_worker'), /extends loop/],
    [
      'category-with-nothing-in-a-setting',
      (_c, p) => {
        const pa = roles(p).find((r) => r.id === 'personal_assistant')!;
        pa.requirements = pa.requirements.map((r) => ({ ...r, settings: ['home_care'] }));
      },
      /personal_assistant has no requirements in setting residential/,
    ],
    [
      'pathway-for-another-catalogue-version',
      (_c, p) => (p['catalogueVersion'] = '0.9.0'),
      /written for catalogue 0\.9\.0/,
    ],
    ['bad-code-shape', (c) => (items(c)[0]!.code = 'lower-case'), /UPPER-KEBAB-CASE/],
    [
      'unknown-combination-part',
      (c) => (c['combinations'] as { allOf: string[] }[])[0]!.allOf.push('NOPE-3'),
      /uses unknown code NOPE-3/,
    ],
  ])('%s is refused', (_name, mutate, expected) => {
    const { catalogue, pathway } = base();
    mutate(catalogue, pathway);
    const issues = issuesOf(catalogue, pathway);
    expect(issues.join('\n')).toMatch(expected);
    expect(() => createCareCatalogue(catalogue, pathway)).toThrow(TypeError);
  });
});
