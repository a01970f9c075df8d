import { describeCredential } from './describe-credential.js';
import type { CredentialSummaryView } from './list-credentials.js';

const summary = (over: Partial<CredentialSummaryView> = {}): CredentialSummaryView => ({
  id: '00000000-0000-4000-8000-000000000001',
  credentialId: 'urn:uuid:1',
  name: 'Moving and handling',
  issuerName: 'Acme',
  issuerDid: 'did:web:acme',
  catalogueCode: 'CORE-MOVING-HANDLING',
  completionDate: '2026-10-01',
  deliveryMode: 'classroom',
  assessmentMethod: null,
  issuedAt: '2026-10-01T00:00:00.000Z',
  validUntil: null,
  receivedAt: '2026-10-02T00:00:00.000Z',
  ...over,
});

test('refresh date comes from the catalogue; the standing moves from current to due soon to overdue', () => {
  const sut = describeCredential(summary(), new Date('2026-11-01T00:00:00Z'));
  expect(sut.refreshDue).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  expect(sut.standing).toBe('current');
  const due = new Date(`${sut.refreshDue}T00:00:00Z`);
  expect(describeCredential(summary(), new Date(due.getTime() - 10 * 86_400_000)).standing).toBe(
    'refresh_due_soon',
  );
  expect(describeCredential(summary(), due).standing).toBe('refresh_overdue');
});

test('past validUntil is expired whatever the refresh date; unknown codes have no refresh date', () => {
  expect(
    describeCredential(summary({ validUntil: '2026-10-15T00:00:00.000Z' }), new Date('2026-11-01')).standing,
  ).toBe('expired');
  expect(
    describeCredential(summary({ catalogueCode: 'NOT-A-CODE' }), new Date('2026-11-01')).refreshDue,
  ).toBeNull();
});
