import { shareUrl } from './create-share.js';
import { shareStatus } from './list-shares.js';

describe('shareStatus', () => {
  const now = new Date('2026-11-26T10:00:00Z');
  test('active before expiry', () => {
    expect(shareStatus({ expiresAt: new Date('2026-11-26T10:00:01Z'), withdrawnAt: null }, now)).toBe(
      'active',
    );
  });
  test('expired at the expiry instant (the boundary is exclusive)', () => {
    expect(shareStatus({ expiresAt: now, withdrawnAt: null }, now)).toBe('expired');
  });
  test('withdrawn wins over expired', () => {
    expect(
      shareStatus({ expiresAt: new Date('2026-11-01T00:00:00Z'), withdrawnAt: new Date('2026-10-01') }, now),
    ).toBe('withdrawn');
  });
});

describe('shareUrl', () => {
  test('is the base URL plus /shares/<token>, with no query (it is the VP audience)', () => {
    expect(shareUrl('https://wallet.example', 'abc')).toBe('https://wallet.example/shares/abc');
  });
});
