// The worked example in docs/care-catalogue.md, run as a test: the Care Workforce Pathway persona for
// role category 1 (new to care), "Laura", who joins a home care service. Keep the two in step.
import {
  assessReadiness,
  checkEmployerPolicy,
  checkIssuable,
  type DeliveryMode,
  type EmployerPolicy,
  type EvidenceCredential,
  type IssuerKind,
  trainingMatrixCsv,
} from './index.js';

type Step = [date: string, code: string, issuerKind: IssuerKind, deliveryMode: DeliveryMode];

// 1. Induction, then core and mandatory training (moving people safely, food hygiene, …) and the
//    Oliver McGowan tier 1 session.
// 2. Learning her employer arranges for the people she supports: dementia and diabetes.
// 3. Care Certificate standards assessed on the job and signed off one at a time by the registered manager,
//    then the whole Care Certificate after about eight months.
// 4. Acquired brain injury learning when she starts supporting a new person.
const timeline: Step[] = [
  ['2025-01-06', 'INDUCTION-EMPLOYER', 'employer', 'blended'],
  ['2025-01-08', 'CORE-MOVING-HANDLING', 'training_provider', 'classroom'],
  ['2025-01-09', 'CORE-FOOD-HYGIENE', 'training_provider', 'e_learning'],
  ['2025-01-10', 'CORE-BLS', 'training_provider', 'classroom'],
  ['2025-01-10', 'CORE-FIRE-SAFETY', 'training_provider', 'e_learning'],
  ['2025-01-10', 'CORE-SAFEGUARDING-ADULTS', 'training_provider', 'e_learning'],
  ['2025-01-10', 'CORE-IPC', 'training_provider', 'e_learning'],
  ['2025-01-10', 'CORE-HEALTH-SAFETY', 'training_provider', 'e_learning'],
  ['2025-01-24', 'OMT-TIER1', 'training_provider', 'blended'],
  ['2025-02-14', 'DEM-TIER2', 'training_provider', 'classroom'],
  ['2025-02-21', 'SAP-DIABETES', 'employer', 'e_learning'],
  ...Array.from(
    { length: 15 },
    (_, i): Step => [
      `2025-${String(2 + Math.floor(i / 3)).padStart(2, '0')}-${String(3 + (i % 3) * 7).padStart(2, '0')}`,
      `CC-STD-${String(i + 1).padStart(2, '0')}`,
      'employer',
      'observed_practice',
    ],
  ),
  ['2025-06-12', 'SAP-ACQUIRED-BRAIN-INJURY', 'training_provider', 'classroom'],
  ['2025-09-01', 'CC-FULL', 'employer', 'observed_practice'],
];

// The employer's policy: dementia tier 2, diabetes and acquired brain injury learning for new-to-care
// staff in its home care service, on top of the national defaults.
const policyInput = {
  extraRequirements: [
    { code: 'DEM-TIER2', level: 'required', roleCategories: ['new_to_care'], settings: ['home_care'] },
    { code: 'SAP-DIABETES', level: 'required', roleCategories: ['new_to_care'], settings: ['home_care'] },
    {
      code: 'SAP-ACQUIRED-BRAIN-INJURY',
      level: 'required',
      roleCategories: ['new_to_care'],
      settings: ['home_care'],
    },
  ],
};

const credentialsUpTo = (date: string, extra: EvidenceCredential[] = []): EvidenceCredential[] => [
  ...timeline
    .filter(([d]) => d <= date)
    .map(([completionDate, catalogueCode, issuerKind, deliveryMode], i) => ({
      id: `urn:uuid:laura-${String(i + 1).padStart(2, '0')}-${catalogueCode}`,
      catalogueCode,
      completionDate,
      verified: true,
      issuerKind,
      deliveryMode,
    })),
  ...extra,
];

describe('worked example: role category 1 persona, home care, from first credential to ready', () => {
  const checked = checkEmployerPolicy(policyInput);
  if (!checked.ok) throw new Error(checked.detail);
  const policy: EmployerPolicy = checked.policy;
  const at = (today: string, extra: EvidenceCredential[] = []) =>
    assessReadiness({
      credentials: credentialsUpTo(today, extra),
      roleCategory: 'new_to_care',
      setting: 'home_care',
      policy,
      today,
    });

  it('every credential in the timeline is one its issuer may offer', () => {
    for (const [, code, issuerKind, deliveryMode] of timeline)
      expect({ code, result: checkIssuable({ code, issuerKind, deliveryMode }).ok }).toEqual({
        code,
        result: true,
      });
    expect(timeline.filter(([, code]) => code.startsWith('CC-STD-')).at(-1)?.[0]).toBe('2025-06-17');
  });

  it('day one (2025-01-06): induction done, everything else to do', () => {
    const sut = at('2025-01-06');
    expect(sut.summary).toMatchObject({ ready: false, met: 1 });
    expect(sut.retrain).toEqual([
      'CC-FULL',
      'CORE-MOVING-HANDLING',
      'CORE-BLS',
      'CORE-SAFEGUARDING-ADULTS',
      'CORE-FIRE-SAFETY',
      'CORE-IPC',
      'CORE-HEALTH-SAFETY',
      'CORE-FOOD-HYGIENE',
      'OMT-TIER1',
      'DEM-TIER1',
      'DEM-TIER2',
      'SAP-DIABETES',
      'SAP-ACQUIRED-BRAIN-INJURY',
      'CORE-MEDICATION',
      'CORE-MCA-DOLS',
      'CORE-SAFEGUARDING-CHILDREN',
    ]);
  });

  it("end of January: core and mandatory training done; the Care Certificate and the employer's extras remain", () => {
    const sut = at('2025-01-31');
    expect(sut.summary.ready).toBe(false);
    expect(
      sut.retrain.filter((code) => sut.requirements.find((r) => r.code === code)?.level === 'required'),
    ).toEqual(['CC-FULL', 'DEM-TIER1', 'DEM-TIER2', 'SAP-DIABETES', 'SAP-ACQUIRED-BRAIN-INJURY']);
  });

  it('June: dementia tier 2 also meets the national tier 1 through the equivalence; signed-off standards are not yet the Care Certificate', () => {
    const sut = at('2025-06-30');
    const dem1 = sut.requirements.find((r) => r.code === 'DEM-TIER1');
    expect(dem1).toMatchObject({ state: 'met', metBy: { via: 'equivalence', viaCode: 'DEM-TIER2' } });
    expect(sut.summary.ready).toBe(false);
    expect(sut.retrain.slice(0, 1)).toEqual(['CC-FULL']);
  });

  it('2 September 2025, eight months in, with the Care Certificate: ready', () => {
    const sut = at('2025-09-02');
    expect(sut.summary).toEqual({ total: 17, met: 14, dueSoon: 0, lapsed: 0, missing: 3, ready: true });
    expect(sut.retrain).toEqual(['CORE-MEDICATION', 'CORE-MCA-DOLS', 'CORE-SAFEGUARDING-CHILDREN']);
    expect(sut.requirements.find((r) => r.code === 'CC-FULL')?.metBy?.via).toBe('direct');
  });

  it('November: the first annual refreshers show as due soon; still ready', () => {
    const sut = at('2025-11-20');
    expect(sut.summary.ready).toBe(true);
    expect(sut.requirements.filter((r) => r.state === 'due_soon').map((r) => [r.code, r.refreshDue])).toEqual(
      [
        ['CORE-MOVING-HANDLING', '2026-01-08'],
        ['CORE-BLS', '2026-01-10'],
        ['CORE-SAFEGUARDING-ADULTS', '2026-01-10'],
        ['CORE-FIRE-SAFETY', '2026-01-10'],
      ],
    );
  });

  it('11 January 2026: the annual topics have lapsed, so not ready until they are refreshed', () => {
    const sut = at('2026-01-11');
    expect(sut.summary.ready).toBe(false);
    expect(sut.requirements.filter((r) => r.state === 'lapsed').map((r) => [r.code, r.lapsedSince])).toEqual([
      ['CORE-MOVING-HANDLING', '2026-01-08'],
      ['CORE-BLS', '2026-01-10'],
      ['CORE-SAFEGUARDING-ADULTS', '2026-01-10'],
      ['CORE-FIRE-SAFETY', '2026-01-10'],
    ]);
    expect(sut.retrain.slice(0, 4)).toEqual([
      'CORE-MOVING-HANDLING',
      'CORE-BLS',
      'CORE-SAFEGUARDING-ADULTS',
      'CORE-FIRE-SAFETY',
    ]);

    const refreshed = [
      'CORE-MOVING-HANDLING',
      'CORE-BLS',
      'CORE-SAFEGUARDING-ADULTS',
      'CORE-FIRE-SAFETY',
    ].map(
      (catalogueCode): EvidenceCredential => ({
        id: `urn:uuid:laura-refresh-${catalogueCode}`,
        catalogueCode,
        completionDate: '2026-01-12',
        verified: true,
      }),
    );
    const after = at('2026-01-12', refreshed);
    expect(after.summary.ready).toBe(true);
    expect(after.requirements.find((r) => r.code === 'CORE-BLS')).toMatchObject({
      state: 'met',
      refreshDue: '2027-01-12',
      metBy: { credentialId: 'urn:uuid:laura-refresh-CORE-BLS', via: 'direct' },
    });
  });

  it('her line of the training matrix on 2 September 2025', () => {
    const csv = trainingMatrixCsv([{ staffId: 'HC-0042', staffName: 'Laura', report: at('2025-09-02') }]);
    expect(csv.split('\r\n')[1]).toMatch(
      /^HC-0042,Laura,new_to_care,home_care,2025-09-02,yes,CORE-MEDICATION CORE-MCA-DOLS CORE-SAFEGUARDING-CHILDREN,1\.0\.0,2025-04\.1,met; completed 2025-01-06,/,
    );
  });
});
