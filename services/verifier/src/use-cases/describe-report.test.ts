import type { VerificationReport } from './build-report.js';
import { describeReport } from './describe-report.js';

const report = (over: Partial<VerificationReport> = {}): VerificationReport => ({
  id: '00000000-0000-4000-8000-000000000001',
  verified: true,
  checkedAt: '2026-11-26T10:00:00.000Z',
  inputKind: 'share_url',
  presentation: { checks: [{ name: 'signature', result: 'pass' }] },
  credentials: [
    {
      id: 'urn:uuid:1',
      issuer: 'did:web:acme',
      issuerName: 'Acme',
      name: 'Moving and handling',
      catalogueCode: 'CORE-MOVING-HANDLING',
      completionDate: '2026-10-01',
      deliveryMode: 'classroom',
      verified: true,
      checks: [{ name: 'status', result: 'pass' }],
    },
  ],
  ...over,
});

test('everything confirmed and no role: green', () => {
  const sut = describeReport(report());
  expect(sut.colour).toBe('green');
  expect(sut.headline).toBe('All records confirmed');
  expect(sut.credentials[0]).toMatchObject({
    colour: 'green',
    label: 'Confirmed',
    issuer: 'Acme',
    reasons: [],
  });
});

test('a revoked record is red with the reason in plain English', () => {
  const base = report();
  const cred = {
    ...base.credentials[0],
    verified: false,
    checks: [{ name: 'status' as const, result: 'fail' as const, reason: 'revoked' as const }],
  };
  const sut = describeReport({
    ...base,
    verified: false,
    credentials: [cred as VerificationReport['credentials'][0]],
  });
  expect(sut.colour).toBe('red');
  expect(sut.credentials[0]?.reasons).toEqual(['The issuer has withdrawn (revoked) this record']);
});

test('a status list that could not be fetched is amber ("could not check"), not red', () => {
  const base = report();
  const cred = {
    ...base.credentials[0],
    verified: false,
    checks: [{ name: 'status' as const, result: 'unknown' as const, reason: 'status_unavailable' as const }],
  };
  const sut = describeReport({
    ...base,
    verified: false,
    credentials: [cred as VerificationReport['credentials'][0]],
  });
  expect(sut.colour).toBe('amber');
  expect(sut.credentials[0]?.label).toBe('Could not check');
});

test('a missing required training is red and listed to retrain; a presentation failure names the reason', () => {
  const readiness = {
    roleCategory: 'new_to_care',
    setting: 'home_care',
    summary: { ready: false },
    requirements: [
      { code: 'CORE-MOVING-HANDLING', level: 'required', state: 'met', refreshDue: '2027-10-01' },
      { code: 'CORE-BLS', level: 'required', state: 'missing' },
    ],
    retrain: ['CORE-BLS'],
  };
  const sut = describeReport(report({ readiness }));
  expect(sut.colour).toBe('red');
  expect(sut.readiness?.requirements.map((q) => [q.colour, q.label])).toEqual([
    ['green', 'Met'],
    ['red', 'Missing'],
  ]);
  expect(sut.readiness?.retrain[0]?.code).toBe('CORE-BLS');
  const replay = describeReport(
    report({ presentation: { checks: [{ name: 'nonce', result: 'fail', reason: 'wrong_nonce' }] } }),
  );
  expect(replay.headline).toBe('The share could not be trusted: The share answer was replayed');
});
