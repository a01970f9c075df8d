import { checkIssuable } from './index.js';

describe('checkIssuable', () => {
  it.each([
    ['CORE-BLS', 'training_provider', 'classroom'],
    ['CC-STD-01', 'employer', 'observed_practice'],
    ['CC-FULL', 'employer', 'blended'],
    ['L2ASC-U10', 'awarding_organisation', 'blended'],
    ['OMT-TIER1', 'training_provider', 'blended'],
    ['SAP-DIABETES', 'employer', 'e_learning'],
  ])('accepts %s from %s by %s', (code, issuerKind, deliveryMode) => {
    const sut = checkIssuable({ code, issuerKind, deliveryMode });
    expect(sut.ok).toBe(true);
    if (sut.ok) expect(sut.item.code).toBe(code);
  });

  it.each([
    ['unknown-code', 'CORE-UNDERWATER-BASKETS', 'training_provider', 'classroom', 'unknown_code'],
    [
      'care-certificate-from-training-provider',
      'CC-STD-01',
      'training_provider',
      'blended',
      'issuer_kind_not_allowed',
    ],
    ['level-2-unit-from-employer', 'L2ASC-U01', 'employer', 'blended', 'issuer_kind_not_allowed'],
    ['unknown-issuer-kind', 'CORE-BLS', 'regulator', 'classroom', 'issuer_kind_not_allowed'],
    [
      'moving-handling-by-e-learning',
      'CORE-MOVING-HANDLING',
      'training_provider',
      'e_learning',
      'delivery_mode_not_accepted',
    ],
    [
      'oliver-mcgowan-tier1-e-learning-only',
      'OMT-TIER1',
      'training_provider',
      'e_learning',
      'delivery_mode_not_accepted',
    ],
    [
      'unknown-delivery-mode',
      'CORE-BLS',
      'training_provider',
      'carrier_pigeon',
      'delivery_mode_not_accepted',
    ],
  ])('refuses %s', (_name, code, issuerKind, deliveryMode, reason) => {
    const sut = checkIssuable({ code, issuerKind, deliveryMode });
    expect(sut.ok).toBe(false);
    if (!sut.ok) {
      expect(sut.reason).toBe(reason);
      expect(sut.detail.length).toBeGreaterThan(10);
    }
  });

  it('says who may attest in the detail', () => {
    const sut = checkIssuable({
      code: 'CC-STD-01',
      issuerKind: 'training_provider',
      deliveryMode: 'blended',
    });
    expect(sut).toEqual({
      ok: false,
      reason: 'issuer_kind_not_allowed',
      detail:
        'Care Certificate standard 1: Understand your role (CC-STD-01) can be attested by employer, not by training_provider.',
    });
  });

  it('checks the issuer kind before the delivery mode', () => {
    const sut = checkIssuable({
      code: 'CC-STD-01',
      issuerKind: 'training_provider',
      deliveryMode: 'e_learning',
    });
    expect(sut.ok ? undefined : sut.reason).toBe('issuer_kind_not_allowed');
  });
});
