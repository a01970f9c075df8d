import { statusEntry } from '@sp/status-list';
import {
  OB_CONTEXT,
  VC_CONTEXT_V1,
  buildTrainingCredential,
  decodeCredentialJwt,
  signCredentialJwt,
  signPresentationJwt,
  summariseCredential,
  zVcV1,
} from '../src/index.js';
import {
  HOLDER_DID,
  ISSUED,
  ISSUER_DID,
  LIST_REVOCATION,
  buildVc,
  decodeParts,
  keys,
  makeInput,
  rawSign,
} from './helpers.js';

describe('buildTrainingCredential', () => {
  it('builds an Open Badges 3.0 credential on VCDM 1.1 with our fields under skillsPassport', () => {
    const sut = buildVc();
    expect(sut).toEqual({
      '@context': [VC_CONTEXT_V1, OB_CONTEXT],
      id: 'urn:uuid:3f1c2a9e-5b7d-4c8e-9f0a-1b2c3d4e5f60',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: ISSUER_DID, type: ['Profile'], name: 'Acme Training', url: 'https://issuer.example' },
      issuanceDate: '2025-05-01T09:30:00Z',
      expirationDate: '2028-05-01T00:00:00Z',
      name: 'Moving and handling',
      credentialSubject: {
        id: HOLDER_DID,
        type: ['AchievementSubject'],
        achievement: {
          id: 'https://catalogue.example/items/moving-and-handling',
          type: ['Achievement'],
          achievementType: 'CertificateOfCompletion',
          name: 'Moving and handling',
          description: 'Safe moving and handling of people, including the use of hoists and slide sheets.',
          criteria: { narrative: 'Completed the course and passed a practical observation.' },
          alignment: [
            {
              type: ['Alignment'],
              targetName: 'Standard 13: Health and safety',
              targetCode: 'CC-STD-13',
              targetFramework: 'Care Certificate',
              targetUrl: 'https://catalogue.example/frameworks/care-certificate/13',
            },
          ],
        },
        activityEndDate: '2025-04-30T00:00:00Z',
        skillsPassport: {
          completionDate: '2025-04-30',
          deliveryMode: 'classroom',
          assessmentMethod: 'practical observation',
          assessor: 'J. Smith, Registered Manager',
        },
      },
      credentialStatus: statusEntry({ listUrl: LIST_REVOCATION, index: 7, purpose: 'revocation' }),
    });
    expect(zVcV1.safeParse(sut).success).toBe(true);
  });

  it('leaves out expirationDate, assessor, alignment and status when not given, and defaults achievementType', () => {
    const input = makeInput({ validUntil: undefined, assessor: undefined, credentialStatus: undefined });
    const { achievementType: _t, alignment: _a, ...achievement } = input.achievement;
    const sut = buildTrainingCredential({ ...input, achievement }) as Record<string, unknown>;
    expect('expirationDate' in sut).toBe(false);
    expect('credentialStatus' in sut).toBe(false);
    const subject = sut.credentialSubject as Record<string, Record<string, unknown>>;
    expect('assessor' in subject.skillsPassport!).toBe(false);
    expect('alignment' in subject.achievement!).toBe(false);
    expect(subject.achievement!.achievementType).toBe('CertificateOfCompletion');
  });

  it('accepts ISO strings for dates', () => {
    const sut = buildTrainingCredential(
      makeInput({ issuedAt: '2025-05-01T09:30:00.999Z' as unknown as Date }),
    );
    expect(sut.issuanceDate).toBe('2025-05-01T09:30:00Z');
  });

  it.each([
    ['a holder that is not a DID', { holderDid: 'laura@example.com' }],
    ['a completion date that is not YYYY-MM-DD', { completionDate: '30/04/2025' }],
    ['an unknown delivery mode', { deliveryMode: 'by_post' as never }],
    ['validUntil before issuedAt', { validUntil: new Date('2020-01-01T00:00:00Z') }],
    ['an id that is not urn:uuid', { id: 'https://x.example/1' }],
  ])('throws TypeError for %s', (_label, o) => {
    expect(() => buildTrainingCredential(makeInput(o))).toThrow(TypeError);
  });
});

describe('summariseCredential', () => {
  it('summarises a training credential', () => {
    expect(summariseCredential(buildVc())).toEqual({
      id: 'urn:uuid:3f1c2a9e-5b7d-4c8e-9f0a-1b2c3d4e5f60',
      name: 'Moving and handling',
      issuerDid: ISSUER_DID,
      issuerName: 'Acme Training',
      achievementId: 'https://catalogue.example/items/moving-and-handling',
      catalogueCode: 'CC-STD-13',
      completionDate: '2025-04-30',
      deliveryMode: 'classroom',
      assessmentMethod: 'practical observation',
      assessor: 'J. Smith, Registered Manager',
      issuedAt: '2025-05-01T09:30:00Z',
      validUntil: '2028-05-01T00:00:00Z',
      statusEntry: statusEntry({ listUrl: LIST_REVOCATION, index: 7, purpose: 'revocation' }),
      statusEntries: [statusEntry({ listUrl: LIST_REVOCATION, index: 7, purpose: 'revocation' })],
    });
  });

  it('returns nulls for a credential from elsewhere', () => {
    const sut = summariseCredential({
      '@context': [VC_CONTEXT_V1],
      type: ['VerifiableCredential'],
      issuer: 'did:web:uni.example',
      credentialSubject: { id: 'did:example:1', degree: 'BSc' },
    });
    expect(sut).toMatchObject({
      id: null,
      name: null,
      issuerDid: 'did:web:uni.example',
      issuerName: null,
      catalogueCode: null,
      completionDate: null,
      statusEntry: null,
      statusEntries: [],
    });
  });
});

describe('signCredentialJwt', () => {
  const sign = (vc = buildVc(), o: Partial<Parameters<typeof signCredentialJwt>[0]> = {}) =>
    signCredentialJwt({
      vc,
      issuerDid: ISSUER_DID,
      kid: keys.issuer.kid,
      privateJwk: keys.issuer.privateJwk,
      alg: 'EdDSA',
      now: new Date('2025-05-01T09:30:05Z'),
      ...o,
    });

  it('sets the jwt_vc_json header and claims', async () => {
    const { header, payload } = decodeParts(await sign());
    expect(header).toEqual({ typ: 'JWT', kid: keys.issuer.kid, alg: 'EdDSA' });
    expect(payload).toMatchObject({
      iss: ISSUER_DID,
      sub: HOLDER_DID,
      nbf: Date.parse('2025-05-01T09:30:00Z') / 1000,
      iat: Date.parse('2025-05-01T09:30:05Z') / 1000,
      exp: Date.parse('2028-05-01T00:00:00Z') / 1000,
      jti: 'urn:uuid:3f1c2a9e-5b7d-4c8e-9f0a-1b2c3d4e5f60',
    });
    expect((payload as { vc: unknown }).vc).toEqual(buildVc());
  });

  it('has no exp without validUntil', async () => {
    const { payload } = decodeParts(await sign(buildVc({ validUntil: undefined })));
    expect('exp' in (payload as object)).toBe(false);
  });

  it('throws TypeError when kid is not a key of the issuer DID or vc.issuer is another DID', async () => {
    await expect(sign(buildVc(), { kid: keys.otherIssuer.kid })).rejects.toThrow(TypeError);
    await expect(sign(buildVc(), { kid: ISSUER_DID })).rejects.toThrow(TypeError);
    await expect(
      sign(buildVc(), { issuerDid: keys.otherIssuer.did, kid: keys.otherIssuer.kid }),
    ).rejects.toThrow(TypeError);
    await expect(sign(buildVc(), { alg: 'HS256' as never })).rejects.toThrow(TypeError);
  });
});

describe('signPresentationJwt', () => {
  it('binds aud and nonce and expires after ttlSeconds', async () => {
    const now = new Date('2025-06-01T12:00:00Z');
    const jwt = await signPresentationJwt({
      holderDid: keys.holder.did,
      kid: keys.holder.kid,
      privateJwk: keys.holder.privateJwk,
      alg: 'EdDSA',
      credentials: ['a.b.c'],
      audience: 'https://verifier.example',
      nonce: 'n1',
      now,
      ttlSeconds: 120,
    });
    const { header, payload } = decodeParts(jwt);
    expect(header).toEqual({ typ: 'JWT', kid: keys.holder.kid, alg: 'EdDSA' });
    expect(payload).toEqual({
      iss: keys.holder.did,
      aud: 'https://verifier.example',
      nonce: 'n1',
      iat: now.getTime() / 1000,
      nbf: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 120,
      vp: {
        '@context': [VC_CONTEXT_V1],
        type: ['VerifiablePresentation'],
        holder: keys.holder.did,
        verifiableCredential: ['a.b.c'],
      },
    });
  });

  it('throws TypeError without a nonce or with a ttl out of range', async () => {
    const base = {
      holderDid: keys.holder.did,
      kid: keys.holder.kid,
      privateJwk: keys.holder.privateJwk,
      alg: 'EdDSA' as const,
      credentials: [],
      audience: 'https://verifier.example',
      nonce: 'n1',
    };
    await expect(signPresentationJwt({ ...base, nonce: '' })).rejects.toThrow(TypeError);
    await expect(signPresentationJwt({ ...base, ttlSeconds: 0 })).rejects.toThrow(TypeError);
  });
});

describe('decodeCredentialJwt', () => {
  it('decodes without checking the signature', async () => {
    const jwt = await signCredentialJwt({
      vc: buildVc(),
      issuerDid: ISSUER_DID,
      kid: keys.issuer.kid,
      privateJwk: keys.issuer.privateJwk,
      alg: 'EdDSA',
      now: ISSUED,
    });
    const sut = decodeCredentialJwt(jwt);
    expect(sut.ok).toBe(true);
    if (sut.ok) {
      expect(sut.header.kid).toBe(keys.issuer.kid);
      expect(sut.payload.iss).toBe(ISSUER_DID);
      expect(summariseCredential(sut.vc).catalogueCode).toBe('CC-STD-13');
    }
  });

  it.each([
    ['not a JWT', 'hello', 'malformed_jwt'],
    ['two parts', 'a.b', 'malformed_jwt'],
    ['a payload that is not JSON', 'eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln', 'malformed_jwt'],
    // Node's decoder would skip the '*' and the padding; the strict re-encoding check refuses them.
    ['a payload with a character outside base64url', 'eyJhbGciOiJFZERTQSJ9.e30*.c2ln', 'malformed_jwt'],
    ['a padded payload', 'eyJhbGciOiJFZERTQSJ9.e30=.c2ln', 'malformed_jwt'],
    ['a signature outside base64url', 'eyJhbGciOiJFZERTQSJ9.e30.c2l+', 'malformed_jwt'],
  ])('%s', (_label, jwt, reason) => {
    expect(decodeCredentialJwt(jwt)).toMatchObject({ ok: false, reason });
  });

  it('claims_invalid for a string nbf, a VCDM 2.0 context, or sub ≠ credentialSubject.id', () => {
    const header = { alg: 'EdDSA', typ: 'JWT', kid: keys.issuer.kid };
    const payload = { iss: ISSUER_DID, sub: HOLDER_DID, nbf: 1_746_000_000, vc: buildVc() };
    const k = keys.issuer.privateJwk;
    expect(decodeCredentialJwt(rawSign(header, payload, k)).ok).toBe(true);
    expect(decodeCredentialJwt(rawSign(header, { ...payload, nbf: '1746000000' }, k))).toMatchObject({
      ok: false,
      reason: 'claims_invalid',
    });
    const v2 = { ...buildVc(), '@context': ['https://www.w3.org/ns/credentials/v2'] };
    expect(decodeCredentialJwt(rawSign(header, { ...payload, vc: v2 }, k))).toMatchObject({
      ok: false,
      reason: 'claims_invalid',
    });
    expect(
      decodeCredentialJwt(rawSign(header, { ...payload, sub: 'did:example:someone-else' }, k)),
    ).toMatchObject({
      ok: false,
      reason: 'claims_invalid',
    });
  });
});
