import type { Check, CredentialReport, PresentationReport } from '@sp/credential';
import { buildReport, toEvidenceCredentials } from './build-report.js';

const pass = (name: Check['name']): Check => ({ name, result: 'pass' });
const credential = (over: Partial<CredentialReport> = {}): CredentialReport => ({
  index: 0,
  id: 'urn:uuid:1',
  issuer: 'did:web:acme.example',
  verified: true,
  checks: [pass('format'), pass('signature'), pass('status')],
  summary: {
    id: 'urn:uuid:1',
    name: 'Basic life support',
    issuerDid: 'did:web:acme.example',
    issuerName: 'Claimed Name',
    achievementId: null,
    catalogueCode: 'CORE-BLS',
    completionDate: '2025-01-10',
    deliveryMode: 'classroom',
    assessmentMethod: null,
    assessor: null,
    issuedAt: null,
    validUntil: null,
    statusEntry: null,
    statusEntries: [],
  },
  ...over,
});
const presentation = (over: Partial<PresentationReport> = {}): PresentationReport => ({
  verified: true,
  holder: 'did:jwk:x',
  checks: [pass('format'), pass('signature'), pass('audience'), pass('nonce')],
  credentials: [credential()],
  checkedAt: '2025-09-02T10:00:00.000Z',
  ...over,
});
const ctx = {
  id: 'id-1',
  inputKind: 'presentation' as const,
  trusted: new Map([['did:web:acme.example', 'Acme']]),
};

test('a fully passing report is verified and names the issuer from the allow-list, not from the credential', () => {
  const sut = buildReport(presentation(), ctx);
  expect(sut.verified).toBe(true);
  expect(sut.credentials[0]).toMatchObject({
    issuerName: 'Acme',
    catalogueCode: 'CORE-BLS',
    completionDate: '2025-01-10',
  });
});

test('an unknown check makes the report unverified even if the package said verified', () => {
  const unknown: Check = { name: 'status', result: 'unknown', reason: 'status_unavailable' };
  const sut = buildReport(
    presentation({ credentials: [credential({ checks: [pass('signature'), unknown] })] }),
    ctx,
  );
  expect(sut.verified).toBe(false);
});

test('a failing presentation check makes the report unverified', () => {
  const wrong: Check = { name: 'nonce', result: 'fail', reason: 'wrong_nonce' };
  expect(buildReport(presentation({ checks: [pass('signature'), wrong] }), ctx).verified).toBe(false);
});

test('an issuer off the allow-list gets no issuerName', () => {
  const sut = buildReport(presentation(), { ...ctx, trusted: new Map() });
  expect(sut.credentials[0]).not.toHaveProperty('issuerName');
});

test('readiness evidence marks revoked credentials and skips those without a catalogue code', () => {
  const revoked = credential({
    verified: false,
    checks: [pass('signature'), { name: 'status', result: 'fail', reason: 'revoked' }],
  });
  const noCode = credential({ summary: { ...credential().summary!, catalogueCode: null } });
  const sut = toEvidenceCredentials(buildReport(presentation({ credentials: [revoked, noCode] }), ctx));
  expect(sut).toEqual([
    {
      id: 'urn:uuid:1',
      catalogueCode: 'CORE-BLS',
      completionDate: '2025-01-10',
      verified: false,
      status: 'revoked',
      deliveryMode: 'classroom',
    },
  ]);
});
