import {
  achievementFor,
  credentialConfigurationFor,
  credentialConfigurationsSupported,
  getItem,
  listItems,
} from './index.js';

describe('credentialConfigurationFor (OpenID4VCI 1.0 §12.2.4, Appendix A.1.1)', () => {
  it('advertises a jwt_vc_json Open Badge credential with en-GB display', () => {
    const sut = credentialConfigurationFor(getItem('CC-FULL')!);
    expect(sut).toEqual({
      format: 'jwt_vc_json',
      cryptographic_binding_methods_supported: ['did:jwk'],
      credential_signing_alg_values_supported: ['EdDSA'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['EdDSA', 'ES256'] } },
      credential_definition: { type: ['VerifiableCredential', 'OpenBadgeCredential'] },
      credential_metadata: {
        display: [
          { name: 'Care Certificate', description: getItem('CC-FULL')!.description, locale: 'en-GB' },
        ],
      },
    });
    expect(sut).not.toHaveProperty('scope');
  });

  it('takes algorithms, binding methods and scope as options', () => {
    const sut = credentialConfigurationFor(getItem('CORE-BLS')!, {
      signingAlgs: ['ES256'],
      bindingMethods: ['did:jwk', 'did:key'],
      proofSigningAlgs: ['ES256'],
      includeScope: true,
    });
    expect(sut).toMatchObject({
      scope: 'CORE-BLS',
      credential_signing_alg_values_supported: ['ES256'],
      cryptographic_binding_methods_supported: ['did:jwk', 'did:key'],
      proof_types_supported: { jwt: { proof_signing_alg_values_supported: ['ES256'] } },
    });
  });

  it('keys one configuration per catalogue item by its code', () => {
    const sut = credentialConfigurationsSupported(listItems());
    expect(Object.keys(sut)).toEqual(listItems().map((i) => i.code));
    expect(sut['OMT-TIER1']?.credential_metadata.display[0]?.name).toMatch(/Oliver McGowan/);
  });
});

describe('achievementFor (Open Badges 3.0 Achievement)', () => {
  it('aligns to the item and its NHS CSTF subject', () => {
    const sut = achievementFor(getItem('CORE-BLS')!, {
      catalogueBaseUrl: 'https://passport.example/catalogue/',
    });
    expect(sut).toMatchObject({
      id: 'https://passport.example/catalogue/CORE-BLS',
      type: ['Achievement'],
      name: 'Basic life support',
      achievementType: 'CertificateOfCompletion',
    });
    expect(sut.alignment.map((a) => [a.targetCode, a.targetUrl])).toEqual([
      ['CORE-BLS', 'https://passport.example/catalogue/CORE-BLS'],
      ['CSTF-RESUSCITATION', 'https://passport.example/catalogue/CSTF-RESUSCITATION'],
    ]);
    expect(sut.alignment[1]?.targetFramework).toMatch(/^NHS Core Skills Training Framework/);
  });

  it('says competence was observed when the item needs it', () => {
    expect(
      achievementFor(getItem('CC-STD-01')!, { catalogueBaseUrl: 'https://x.example' }).criteria.narrative,
    ).toMatch(/observed in practice/);
  });

  it('refuses a base that is not an http(s) URL', () => {
    expect(() => achievementFor(getItem('CORE-BLS')!, { catalogueBaseUrl: 'javascript:alert(1)' })).toThrow(
      TypeError,
    );
  });
});
