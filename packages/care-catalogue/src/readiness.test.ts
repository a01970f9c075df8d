import {
  assessReadiness,
  checkEmployerPolicy,
  type EmployerPolicy,
  type EvidenceCredential,
  type ReadinessReport,
  refreshDueDate,
  requirementsFor,
} from './index.js';

let seq = 0;
const cred = (
  catalogueCode: string,
  completionDate: string,
  o: Partial<EvidenceCredential> = {},
): EvidenceCredential => ({
  id: `cred-${++seq}-${catalogueCode}`,
  catalogueCode,
  completionDate,
  verified: true,
  ...o,
});
const row = (report: ReadinessReport, code: string) => {
  const r = report.requirements.find((x) => x.code === code);
  if (!r) throw new Error(`no requirement ${code} in report`);
  return r;
};
const assess = (
  credentials: EvidenceCredential[],
  today = '2026-01-10',
  policy?: EmployerPolicy,
  dueSoonDays?: number,
) =>
  assessReadiness({
    credentials,
    roleCategory: 'new_to_care',
    setting: 'home_care',
    today,
    policy,
    dueSoonDays,
  });

describe('assessReadiness: states and boundary dates (CORE-BLS refreshes every 12 months; today 2026-01-10)', () => {
  it.each<[string, string | undefined, string, string | undefined, string | undefined]>([
    // name, completionDate, state, refreshDue, lapsedSince
    ['missing: no credential', undefined, 'missing', undefined, undefined],
    ['met: well in date (61 days left, window is 60)', '2025-03-12', 'met', '2026-03-12', undefined],
    ['due_soon: exactly 60 days left', '2025-03-11', 'due_soon', '2026-03-11', undefined],
    ['due_soon: due tomorrow', '2025-01-11', 'due_soon', '2026-01-11', undefined],
    ['due_soon: due exactly today is not lapsed', '2025-01-10', 'due_soon', '2026-01-10', undefined],
    ['lapsed: refresh date was yesterday', '2025-01-09', 'lapsed', '2026-01-09', '2026-01-09'],
    ['lapsed: long ago', '2020-06-01', 'lapsed', '2021-06-01', '2021-06-01'],
    ['met: completed today', '2026-01-10', 'met', '2027-01-10', undefined],
  ])('%s', (_name, completionDate, state, refreshDue, lapsedSince) => {
    const credentials = completionDate ? [cred('CORE-BLS', completionDate)] : [];
    const sut = row(assess(credentials), 'CORE-BLS');
    expect(sut.state).toBe(state);
    expect(sut.refreshDue).toBe(refreshDue);
    expect(sut.lapsedSince).toBe(lapsedSince);
    expect(sut.completionDate).toBe(completionDate);
    if (completionDate) expect(sut.metBy).toEqual({ credentialId: credentials[0]!.id, via: 'direct' });
    else expect(sut.metBy).toBeUndefined();
  });

  it('a one-off item is met for ever, with no refresh date', () => {
    const sut = row(assess([cred('DEM-TIER1', '2001-05-05')]), 'DEM-TIER1');
    expect(sut).toMatchObject({ state: 'met', completionDate: '2001-05-05', refreshMonths: null });
    expect(sut.refreshDue).toBeUndefined();
  });

  it('uses calendar months, clamping to the end of a short month', () => {
    expect(refreshDueDate('CORE-BLS', '2024-02-29')).toBe('2025-02-28');
    expect(row(assess([cred('CORE-BLS', '2024-02-29')], '2025-03-01'), 'CORE-BLS')).toMatchObject({
      state: 'lapsed',
      lapsedSince: '2025-02-28',
    });
    expect(refreshDueDate('CC-FULL', '2024-02-29')).toBeNull();
  });

  it('honours dueSoonDays from the caller over the policy over the default 60', () => {
    const c = [cred('CORE-BLS', '2025-03-01')]; // refresh 2026-03-01, 50 days after today
    expect(row(assess(c), 'CORE-BLS').state).toBe('due_soon');
    expect(row(assess(c, '2026-01-10', { dueSoonDays: 30 }), 'CORE-BLS').state).toBe('met');
    expect(row(assess(c, '2026-01-10', { dueSoonDays: 30 }, 50), 'CORE-BLS').state).toBe('due_soon');
    expect(assess(c, '2026-01-10', undefined, 0).dueSoonDays).toBe(0);
  });

  it('the newest qualifying credential wins', () => {
    const old = cred('CORE-BLS', '2024-01-01');
    const recent = cred('CORE-BLS', '2025-12-01');
    const sut = row(assess([recent, old]), 'CORE-BLS');
    expect(sut.metBy?.credentialId).toBe(recent.id);
    expect(sut.state).toBe('met');
  });

  it('a newer equivalent credential beats an older direct one; on the same day the direct one wins', () => {
    const direct = cred('CORE-FIRE-SAFETY', '2025-01-01');
    const nhs = cred('CSTF-FIRE-SAFETY', '2025-06-01');
    expect(row(assess([direct, nhs]), 'CORE-FIRE-SAFETY').metBy).toEqual({
      credentialId: nhs.id,
      via: 'equivalence',
      viaCode: 'CSTF-FIRE-SAFETY',
    });
    const sameDay = cred('CSTF-FIRE-SAFETY', '2025-01-01');
    expect(row(assess([sameDay, direct]), 'CORE-FIRE-SAFETY').metBy?.via).toBe('direct');
  });
});

describe('assessReadiness: equivalences', () => {
  const allStandards = Array.from({ length: 15 }, (_, i) => `CC-STD-${String(i + 1).padStart(2, '0')}`);
  const requireStandards: EmployerPolicy = {
    extraRequirements: allStandards.map((code) => ({ code, level: 'required' as const })),
  };

  it('a Level 2 unit covers the matching Care Certificate standard', () => {
    const unit = cred('L2ASC-U03', '2025-05-01');
    const sut = assess([unit], '2026-01-10', requireStandards);
    expect(row(sut, 'CC-STD-03')).toMatchObject({
      state: 'met',
      metBy: { credentialId: unit.id, via: 'equivalence', viaCode: 'L2ASC-U03' },
    });
    expect(row(sut, 'CC-STD-04').state).toBe('missing');
  });

  it('unit 12 (health, safety and basic life support) covers standards 12 and 13', () => {
    const sut = assess([cred('L2ASC-U12', '2025-05-01')], '2026-01-10', requireStandards);
    expect([row(sut, 'CC-STD-12').state, row(sut, 'CC-STD-13').state]).toEqual(['met', 'met']);
  });

  it('the whole Care Certificate covers all 15 standards', () => {
    const full = cred('CC-FULL', '2025-09-01', { issuerKind: 'employer' });
    const sut = assess([full], '2026-01-10', requireStandards);
    for (const code of allStandards)
      expect(row(sut, code)).toMatchObject({
        state: 'met',
        metBy: { credentialId: full.id, viaCode: 'CC-FULL' },
      });
    expect(row(sut, 'CC-FULL').metBy?.via).toBe('direct');
  });

  it('the Level 2 qualification covers the whole Care Certificate and, through it, every standard', () => {
    const l2 = cred('L2ASC-FULL', '2025-09-01');
    const sut = assess([l2], '2026-01-10', requireStandards);
    expect(row(sut, 'CC-FULL').metBy).toEqual({
      credentialId: l2.id,
      via: 'equivalence',
      viaCode: 'L2ASC-FULL',
    });
    for (const code of allStandards) expect(row(sut, code).state).toBe('met');
  });

  it('standard 9 needs Level 2 units 9 and 15 together', () => {
    const u9 = cred('L2ASC-U09', '2025-04-01');
    const u15 = cred('L2ASC-U15', '2025-06-01');
    expect(row(assess([u9], '2026-01-10', requireStandards), 'CC-STD-09').state).toBe('missing');
    expect(row(assess([u15], '2026-01-10', requireStandards), 'CC-STD-09').state).toBe('missing');
    expect(row(assess([u9, u15], '2026-01-10', requireStandards), 'CC-STD-09')).toMatchObject({
      state: 'met',
      completionDate: '2025-04-01', // only as fresh as its oldest part
      metBy: { credentialId: u9.id, via: 'equivalence', viaCode: 'L2ASC-U09', combinedWith: [u15.id] },
    });
  });

  it('Oliver McGowan tier 2 covers tier 1; dementia tier 3 covers tier 1 through tier 2', () => {
    const sut = assess([cred('OMT-TIER2', '2025-02-01'), cred('DEM-TIER3', '2024-02-01')]);
    expect(row(sut, 'OMT-TIER1')).toMatchObject({
      state: 'met',
      metBy: { via: 'equivalence', viaCode: 'OMT-TIER2' },
    });
    expect(row(sut, 'DEM-TIER1')).toMatchObject({
      state: 'met',
      metBy: { via: 'equivalence', viaCode: 'DEM-TIER3' },
    });
  });

  it('an NHS Core Skills record crosses into social care, on the social care refresh period', () => {
    const nhsFire = cred('CSTF-FIRE-SAFETY', '2025-01-09'); // CSTF refreshes in 24 months, the care topic in 12
    const sut = row(assess([nhsFire]), 'CORE-FIRE-SAFETY');
    expect(sut).toMatchObject({
      state: 'lapsed',
      lapsedSince: '2026-01-09',
      metBy: { credentialId: nhsFire.id, via: 'equivalence', viaCode: 'CSTF-FIRE-SAFETY' },
    });
  });

  it('NHS moving and handling (knowledge only) does not cover care moving and handling (observed competence)', () => {
    expect(row(assess([cred('CSTF-MOVING-HANDLING', '2025-12-01')]), 'CORE-MOVING-HANDLING').state).toBe(
      'missing',
    );
  });

  it('social care records cross the other way: CORE-MOVING-HANDLING satisfies the NHS subject', () => {
    const sut = assess([cred('CORE-MOVING-HANDLING', '2025-12-01')], '2026-01-10', {
      extraRequirements: [{ code: 'CSTF-MOVING-HANDLING', level: 'required' }],
    });
    expect(row(sut, 'CSTF-MOVING-HANDLING')).toMatchObject({
      state: 'met',
      metBy: { viaCode: 'CORE-MOVING-HANDLING' },
    });
  });
});

describe('assessReadiness: employer policy', () => {
  it('a shorter refresh period makes a credential lapse that the national default keeps in date', () => {
    const mh = cred('CORE-MOVING-HANDLING', '2025-06-01');
    expect(row(assess([mh]), 'CORE-MOVING-HANDLING')).toMatchObject({
      state: 'met',
      refreshDue: '2026-06-01',
    });
    const sut = row(
      assess([mh], '2026-01-10', { refreshMonths: { 'CORE-MOVING-HANDLING': 6 } }),
      'CORE-MOVING-HANDLING',
    );
    expect(sut).toMatchObject({
      state: 'lapsed',
      refreshMonths: 6,
      refreshDue: '2025-12-01',
      lapsedSince: '2025-12-01',
    });
  });

  it('can give a one-off item a refresh period, or take one away', () => {
    const policy: EmployerPolicy = { refreshMonths: { 'DEM-TIER1': 24, 'CORE-BLS': null } };
    const sut = assess(
      [cred('DEM-TIER1', '2023-01-01'), cred('CORE-BLS', '2020-01-01')],
      '2026-01-10',
      policy,
    );
    expect(row(sut, 'DEM-TIER1')).toMatchObject({ state: 'lapsed', lapsedSince: '2025-01-01' });
    expect(row(sut, 'CORE-BLS').state).toBe('met');
    expect(refreshDueDate('DEM-TIER1', '2023-01-01', policy)).toBe('2025-01-01');
  });

  it("an extra requirement appears, marked as the employer's, only where it applies", () => {
    const policy: EmployerPolicy = {
      extraRequirements: [
        { code: 'SAP-DIABETES', level: 'required', roleCategories: ['new_to_care'], settings: ['home_care'] },
      ],
    };
    expect(
      requirementsFor('new_to_care', 'home_care', policy).find((r) => r.code === 'SAP-DIABETES'),
    ).toEqual({
      code: 'SAP-DIABETES',
      name: 'Specific area of practice: Diabetes',
      level: 'required',
      source: 'employer',
      refreshMonths: null,
    });
    expect(requirementsFor('new_to_care', 'residential', policy).some((r) => r.code === 'SAP-DIABETES')).toBe(
      false,
    );
    expect(
      requirementsFor('care_or_support_worker', 'home_care', policy).some((r) => r.code === 'SAP-DIABETES'),
    ).toBe(false);
    const sut = assess([], '2026-01-10', policy);
    expect(row(sut, 'SAP-DIABETES').state).toBe('missing');
    expect(sut.retrain).toContain('SAP-DIABETES');
  });

  it('can raise a recommended item to required but cannot lower a required one', () => {
    const policy: EmployerPolicy = {
      extraRequirements: [
        { code: 'CORE-MEDICATION', level: 'required' },
        { code: 'CORE-BLS', level: 'recommended' },
      ],
    };
    const reqs = requirementsFor('new_to_care', 'home_care', policy);
    expect(reqs.find((r) => r.code === 'CORE-MEDICATION')).toMatchObject({
      level: 'required',
      source: 'employer',
    });
    expect(reqs.find((r) => r.code === 'CORE-BLS')).toMatchObject({ level: 'required', source: 'pathway' });
  });

  it('does not change the national defaults', () => {
    requirementsFor('new_to_care', 'home_care', { refreshMonths: { 'CORE-BLS': 3 } });
    expect(
      requirementsFor('new_to_care', 'home_care').find((r) => r.code === 'CORE-BLS')?.refreshMonths,
    ).toBe(12);
  });

  it.each<[string, unknown, RegExp]>([
    ['unknown-refresh-code', { refreshMonths: { 'CORE-NOPE': 6 } }, /unknown code CORE-NOPE/],
    [
      'unknown-extra-code',
      { extraRequirements: [{ code: 'SAP-NOPE', level: 'required' }] },
      /unknown code SAP-NOPE/,
    ],
    [
      'unknown-role-category',
      { extraRequirements: [{ code: 'SAP-AUTISM', level: 'required', roleCategories: ['astronaut'] }] },
      /unknown role category astronaut/,
    ],
    ['zero-month-refresh', { refreshMonths: { 'CORE-BLS': 0 } }, /policy at refreshMonths\.CORE-BLS/],
    ['unknown-field', { removeRequirements: ['CORE-BLS'] }, /policy/],
    [
      'bad-setting',
      { extraRequirements: [{ code: 'SAP-AUTISM', level: 'required', settings: ['moon'] }] },
      /settings/,
    ],
  ])('checkEmployerPolicy refuses %s', (_name, input, expected) => {
    const sut = checkEmployerPolicy(input);
    expect(sut.ok).toBe(false);
    if (!sut.ok) {
      expect(sut.reason).toBe('invalid_policy');
      expect(sut.issues.join('\n')).toMatch(expected);
    }
  });

  it('a policy that was never checked is a programming error', () => {
    const unchecked = { refreshMonths: { 'CORE-NOPE': 6 } } as EmployerPolicy;
    expect(() => requirementsFor('new_to_care', 'home_care', unchecked)).toThrow(TypeError);
  });
});

describe('assessReadiness: credentials that never count', () => {
  it('a revoked credential is never met, even when it is the only one', () => {
    const revoked = cred('CORE-BLS', '2025-12-01', { status: 'revoked' });
    const sut = assess([revoked]);
    expect(row(sut, 'CORE-BLS').state).toBe('missing');
    expect(sut.notCounted).toEqual([
      { credentialId: revoked.id, catalogueCode: 'CORE-BLS', reason: 'revoked' },
    ]);
  });

  it('a revoked newer credential falls back to the older valid one', () => {
    const old = cred('CORE-BLS', '2024-12-01');
    const sut = row(assess([cred('CORE-BLS', '2025-12-01', { status: 'revoked' }), old]), 'CORE-BLS');
    expect(sut).toMatchObject({ state: 'lapsed', metBy: { credentialId: old.id } });
  });

  it('a revoked qualification satisfies nothing through its equivalences', () => {
    const sut = assess([cred('L2ASC-FULL', '2025-09-01', { status: 'revoked' })]);
    expect(row(sut, 'CC-FULL').state).toBe('missing');
  });

  it.each<[string, Partial<EvidenceCredential> & { catalogueCode?: string }, string]>([
    ['not_verified', { verified: false }, 'not_verified'],
    ['suspended', { status: 'suspended' }, 'suspended'],
    ['unknown code', { catalogueCode: 'CORE-TIGHTROPE' }, 'unknown_code'],
    [
      'Care Certificate signed off by a training provider',
      { issuerKind: 'training_provider' },
      'issuer_kind_not_allowed',
    ],
    ['Care Certificate by e-learning alone', { deliveryMode: 'e_learning' }, 'delivery_mode_not_accepted'],
    ['impossible completion date', { completionDate: '2025-02-30' }, 'invalid_completion_date'],
    ['completed after the report date', { completionDate: '2026-01-11' }, 'completed_after_as_of'],
  ])('%s is listed as not counted', (_name, overrides, reason) => {
    const c = { ...cred('CC-FULL', '2025-09-01'), ...overrides };
    const sut = assess([c]);
    expect(row(sut, 'CC-FULL').state).toBe('missing');
    expect(sut.notCounted).toEqual([{ credentialId: c.id, catalogueCode: c.catalogueCode, reason }]);
  });
});

describe('assessReadiness: summary, retrain and misuse', () => {
  it('is ready when nothing required is lapsed or missing; due soon and recommended gaps do not block', () => {
    const required = requirementsFor('new_to_care', 'home_care').filter((r) => r.level === 'required');
    const credentials = required.map((r) =>
      cred(r.code, r.code === 'CORE-BLS' ? '2025-02-01' : '2025-12-01'),
    );
    const sut = assess(credentials);
    expect(row(sut, 'CORE-BLS').state).toBe('due_soon');
    expect(sut.summary).toEqual({
      total: sut.requirements.length,
      met: required.length - 1,
      dueSoon: 1,
      lapsed: 0,
      missing: sut.requirements.length - required.length,
      ready: true,
    });
    expect(sut.retrain).toEqual(['CORE-MEDICATION', 'CORE-MCA-DOLS', 'CORE-SAFEGUARDING-CHILDREN']);
  });

  it('lists required gaps before recommended ones in retrain, and is not ready', () => {
    const sut = assess([cred('CORE-BLS', '2024-01-01'), cred('CORE-MEDICATION', '2023-01-01')]);
    expect(sut.summary.ready).toBe(false);
    expect(sut.retrain.slice(0, 3)).toEqual(['INDUCTION-EMPLOYER', 'CC-FULL', 'CORE-MOVING-HANDLING']);
    expect(sut.retrain.indexOf('CORE-BLS')).toBeLessThan(sut.retrain.indexOf('CORE-MEDICATION'));
    expect(sut.retrain.at(-1)).toBe('CORE-SAFEGUARDING-CHILDREN');
  });

  it('says which catalogue and pathway versions it used', () => {
    expect(assess([])).toMatchObject({
      catalogueVersion: '1.0.0',
      pathwayVersion: '2025-04.1',
      roleCategory: 'new_to_care',
      setting: 'home_care',
      asOf: '2026-01-10',
    });
  });

  it.each<[string, () => unknown]>([
    [
      'unknown role category',
      () =>
        assessReadiness({
          credentials: [],
          roleCategory: 'wizard',
          setting: 'home_care',
          today: '2026-01-10',
        }),
    ],
    ['unknown setting', () => requirementsFor('new_to_care', 'space_station' as 'home_care')],
    ['today not a date', () => assess([], '10/01/2026')],
    ['today with a time', () => assess([], '2026-01-10T09:00:00Z')],
    ['negative dueSoonDays', () => assess([], '2026-01-10', undefined, -1)],
    ['fractional dueSoonDays', () => assess([], '2026-01-10', undefined, 1.5)],
    ['refreshDueDate for an unknown code', () => refreshDueDate('NOPE', '2025-01-01')],
  ])('throws TypeError for %s', (_name, call) => {
    expect(call).toThrow(TypeError);
  });
});
