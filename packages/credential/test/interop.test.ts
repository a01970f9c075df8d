import { EdDSASigner } from 'did-jwt';
import { createVerifiableCredentialJwt, verifyCredential } from 'did-jwt-vc';
import { type DIDResolutionResult, type JsonWebKey, Resolver } from 'did-resolver';
import { signCredentialJwt, verifyCredentialJwt } from '../src/index.js';
import { ISSUER_DID, buildVc, keys, memoryResolver } from './helpers.js';

/** A did-resolver over the same in-memory keys: one JsonWebKey2020 method per DID. */
function didResolver(): Resolver {
  const keyResolver = memoryResolver();
  const resolve = async (did: string): Promise<DIDResolutionResult> => {
    const didUrl = did.startsWith('did:jwk:') ? `${did}#0` : `${did}#key-1`;
    const key = await keyResolver.resolveKey(didUrl);
    const meta = { didResolutionMetadata: {}, didDocumentMetadata: {} };
    if (!key) return { ...meta, didResolutionMetadata: { error: 'notFound' }, didDocument: null };
    return {
      ...meta,
      didResolutionMetadata: { contentType: 'application/did+ld+json' },
      didDocument: {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/suites/jws-2020/v1'],
        id: did,
        verificationMethod: [
          { id: didUrl, type: 'JsonWebKey2020', controller: did, publicKeyJwk: key.publicJwk as JsonWebKey },
        ],
        assertionMethod: [didUrl],
        authentication: [didUrl],
      },
    };
  };
  return new Resolver({ web: (did) => resolve(did), jwk: (did) => resolve(did) });
}

describe('interop with did-jwt-vc 4', () => {
  it('a jose-signed VC-JWT verifies with did-jwt-vc verifyCredential', async () => {
    const now = new Date();
    const vc = buildVc({
      issuedAt: new Date(now.getTime() - 60_000),
      validUntil: new Date(now.getTime() + 86_400_000),
    });
    const jwt = await signCredentialJwt({
      vc,
      issuerDid: ISSUER_DID,
      kid: keys.issuer.kid,
      privateJwk: keys.issuer.privateJwk,
      alg: 'EdDSA',
      now,
    });
    const sut = await verifyCredential(jwt, didResolver());
    expect(sut.issuer).toBe(ISSUER_DID);
    expect(sut.signer.id).toBe(keys.issuer.kid);
    expect(sut.verifiableCredential.credentialSubject.id).toBe(keys.holder.did);
    expect(sut.verifiableCredential.type).toContain('OpenBadgeCredential');
  });

  it('did-jwt-vc refuses the same VC-JWT once tampered (the interop test can fail)', async () => {
    const now = new Date();
    const vc = buildVc({ issuedAt: new Date(now.getTime() - 60_000) });
    const jwt = await signCredentialJwt({
      vc,
      issuerDid: ISSUER_DID,
      kid: keys.issuer.kid,
      privateJwk: keys.issuer.privateJwk,
      alg: 'EdDSA',
      now,
    });
    const [h, p, s] = jwt.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    payload.vc.name = 'Something else';
    const tampered = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`;
    await expect(verifyCredential(tampered, didResolver())).rejects.toThrow(/signature/i);
  });

  it('a did-jwt-vc-signed VC-JWT verifies with verifyCredentialJwt', async () => {
    const signer = EdDSASigner(
      Buffer.concat([
        Buffer.from(keys.issuer.privateJwk.d as string, 'base64url'),
        Buffer.from(keys.issuer.publicJwk.x as string, 'base64url'),
      ]),
    );
    const now = new Date();
    const { credentialStatus: _omit, ...vc } = buildVc({ issuedAt: new Date(now.getTime() - 60_000) });
    const jwt = await createVerifiableCredentialJwt(
      vc as Parameters<typeof createVerifiableCredentialJwt>[0],
      { did: ISSUER_DID, signer, alg: 'EdDSA' },
      { header: { kid: keys.issuer.kid } },
    );
    const sut = await verifyCredentialJwt(jwt, {
      resolver: memoryResolver(),
      now,
      expectedHolder: keys.holder.did,
    });
    expect(sut.checks.map((c) => [c.name, c.result])).toEqual([
      ['format', 'pass'],
      ['signature', 'pass'],
      ['validity_window', 'pass'],
      ['holder_binding', 'pass'],
    ]);
    expect(sut.verified).toBe(true);
    expect(sut.summary?.name).toBe('Moving and handling');
  });
});
