/**
 * The register of recognised issuers: signing and verifying its JWT, and every recognition rule with its
 * own reason code (issue 4).
 */
import {
  checkRecognition,
  indexRegister,
  type Register,
  signRegisterJwt,
  verifyRegisterJwt,
} from '../src/index.js';
import { keys, memoryResolver, rawSign } from './helpers.js';

// The "other issuer" key stands in for the scheme's key (any did:web key the resolver knows).
const scheme = keys.otherIssuer;
const register: Register = {
  version: 7,
  issuedAt: '2025-06-01T00:00:00.000Z',
  issuers: [
    {
      did: 'did:web:provider.example',
      name: 'Provider',
      status: 'active',
      authorisations: [
        {
          catalogueCode: 'CORE-BLS',
          validFrom: '2025-01-01T00:00:00.000Z',
          validUntil: '2026-01-01T00:00:00.000Z',
        },
        { framework: 'care_certificate', validFrom: '2025-03-01T00:00:00.000Z' },
      ],
    },
    {
      did: 'did:web:suspended.example',
      name: 'Suspended Ltd',
      status: 'suspended',
      suspendedAt: '2025-05-01T00:00:00.000Z',
      authorisations: [{ framework: 'core_and_mandatory', validFrom: '2024-01-01T00:00:00.000Z' }],
    },
  ],
};
const sign = () =>
  signRegisterJwt({
    register,
    schemeDid: scheme.did,
    kid: scheme.kid,
    privateJwk: scheme.privateJwk,
    alg: 'EdDSA',
  });

describe('register JWT', () => {
  test('a register signed by the scheme key verifies and round-trips', async () => {
    const sut = await verifyRegisterJwt(await sign(), { resolver: memoryResolver(), schemeDid: scheme.did });
    expect(sut).toMatchObject({ ok: true, kid: scheme.kid, register: { version: 7 } });
  });

  test('a register from another DID than the configured scheme DID is refused (claims_invalid)', async () => {
    const sut = await verifyRegisterJwt(await sign(), {
      resolver: memoryResolver(),
      schemeDid: keys.issuer.did,
    });
    expect(sut).toMatchObject({ ok: false, reason: 'claims_invalid' });
  });

  test('a register signed with another key under the scheme kid fails signature_invalid', async () => {
    const forged = rawSign(
      { alg: 'EdDSA', typ: 'sp-register+jwt', kid: scheme.kid },
      { iss: scheme.did, iat: 1, register },
      keys.attacker.privateJwk,
    );
    const sut = await verifyRegisterJwt(forged, { resolver: memoryResolver(), schemeDid: scheme.did });
    expect(sut).toMatchObject({ ok: false, reason: 'signature_invalid' });
  });

  test('a register is valid for a day by default; past its exp it is refused (expired)', async () => {
    const signedAt = new Date('2026-11-01T00:00:00Z');
    const jwt = await signRegisterJwt({
      register,
      schemeDid: scheme.did,
      kid: scheme.kid,
      privateJwk: scheme.privateJwk,
      alg: 'EdDSA',
      now: signedAt,
    });
    const at = (ms: number) =>
      verifyRegisterJwt(jwt, {
        resolver: memoryResolver(),
        schemeDid: scheme.did,
        now: new Date(signedAt.getTime() + ms),
      });
    expect(await at(23 * 3600_000)).toMatchObject({ ok: true, expiresAt: new Date('2026-11-02T00:00:00Z') });
    expect(await at(24 * 3600_000 + 61_000)).toMatchObject({ ok: false, reason: 'expired' });
    expect(await at(-120_000)).toMatchObject({ ok: false, reason: 'not_yet_valid' });
  });

  test('a register without exp is refused (claims_invalid): it could be replayed for ever', async () => {
    const noExp = rawSign(
      { alg: 'EdDSA', typ: 'sp-register+jwt', kid: scheme.kid },
      { iss: scheme.did, iat: Math.floor(Date.now() / 1000), register },
      scheme.privateJwk,
    );
    const sut = await verifyRegisterJwt(noExp, { resolver: memoryResolver(), schemeDid: scheme.did });
    expect(sut).toMatchObject({ ok: false, reason: 'claims_invalid' });
  });

  test('a VC-typed JWT is not accepted as a register (typ_not_allowed)', async () => {
    const wrongTyp = rawSign(
      { alg: 'EdDSA', typ: 'JWT', kid: scheme.kid },
      { iss: scheme.did, iat: 1, register },
      scheme.privateJwk,
    );
    const sut = await verifyRegisterJwt(wrongTyp, { resolver: memoryResolver(), schemeDid: scheme.did });
    expect(sut).toMatchObject({ ok: false, reason: 'typ_not_allowed' });
  });
});

describe('checkRecognition', () => {
  const index = indexRegister(register);
  const at = (iso: string) => new Date(iso);

  test('an issuer absent from the register is issuer_not_recognised', () => {
    expect(
      checkRecognition(index, {
        issuerDid: 'did:web:nobody.example',
        catalogueCode: 'CORE-BLS',
        framework: 'core_and_mandatory',
        issuedAt: at('2025-05-01T00:00:00Z'),
      }),
    ).toMatchObject({ recognised: false, reason: 'issuer_not_recognised' });
  });

  test('a suspended issuer is issuer_suspended even for a type it holds', () => {
    expect(
      checkRecognition(index, {
        issuerDid: 'did:web:suspended.example',
        catalogueCode: 'CORE-BLS',
        framework: 'core_and_mandatory',
        issuedAt: at('2025-02-01T00:00:00Z'),
      }),
    ).toMatchObject({ recognised: false, reason: 'issuer_suspended' });
  });

  test('a catalogue item authorisation covers its window only: before, inside, at validUntil', () => {
    const ask = (iso: string, code = 'CORE-BLS') =>
      checkRecognition(index, {
        issuerDid: 'did:web:provider.example',
        catalogueCode: code,
        framework: 'core_and_mandatory',
        issuedAt: at(iso),
      });
    expect(ask('2024-12-31T23:59:59Z')).toMatchObject({ reason: 'issuer_not_recognised_for_type' });
    expect(ask('2025-06-01T00:00:00Z')).toMatchObject({ recognised: true });
    expect(ask('2026-01-01T00:00:00Z')).toMatchObject({ reason: 'issuer_not_recognised_for_type' });
    expect(ask('2025-06-01T00:00:00Z', 'CORE-FIRE-SAFETY')).toMatchObject({
      reason: 'issuer_not_recognised_for_type',
    });
  });

  test('a framework authorisation covers every item of the framework from validFrom', () => {
    const sut = checkRecognition(index, {
      issuerDid: 'did:web:provider.example',
      catalogueCode: 'CC-STD-05',
      framework: 'care_certificate',
      issuedAt: at('2025-03-01T00:00:00Z'),
    });
    expect(sut).toMatchObject({ recognised: true, detail: expect.stringContaining('register v7') });
  });
});
