import { addMonths, daysBetween, fromDayNumber, isIsoDate, toDayNumber } from './dates.js';

describe('dates', () => {
  it.each([
    ['2025-01-10', 12, '2026-01-10'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2023-01-31', 1, '2023-02-28'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-29'],
    ['2025-11-15', 3, '2026-02-15'],
    ['2025-03-31', -1, '2025-02-28'],
  ])('addMonths(%s, %i) = %s', (from, months, expected) => {
    expect(addMonths(from, months)).toBe(expected);
  });

  it.each(['2025-02-30', '2025-13-01', '2025-1-01', '20250101', '', '2025-00-10', '2025-01-10T00:00:00Z'])(
    'rejects %p',
    (s) => {
      expect(isIsoDate(s)).toBe(false);
      expect(() => toDayNumber(s)).toThrow(TypeError);
    },
  );

  it('counts whole days across a daylight-saving change', () => {
    expect(daysBetween('2025-03-29', '2025-03-31')).toBe(2);
    expect(daysBetween('2025-10-25', '2025-10-27')).toBe(2);
    expect(fromDayNumber(toDayNumber('2025-03-30'))).toBe('2025-03-30');
  });
});
