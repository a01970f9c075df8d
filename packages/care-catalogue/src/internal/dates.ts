// Calendar-date arithmetic on 'YYYY-MM-DD' strings. Everything is a whole UTC day, so the host time zone
// and daylight saving never move a refresh date.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True when `s` is a real calendar date written as YYYY-MM-DD (so 2025-02-30 is false). */
export function isIsoDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= daysInMonth(y, mo);
}

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whole days since 1970-01-01 for a YYYY-MM-DD date; throws TypeError for anything else. */
export function toDayNumber(s: string): number {
  if (!isIsoDate(s)) throw new TypeError(`expected a calendar date as YYYY-MM-DD, got ${JSON.stringify(s)}`);
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d) / MS_PER_DAY;
}

/** The YYYY-MM-DD date for a day number. */
export function fromDayNumber(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * Adds calendar months. When the target month is shorter the date clamps to its last day
 * (2024-01-31 + 1 month = 2024-02-29; 2024-02-29 + 12 months = 2025-02-28), so a refresh is never later
 * than the same day-of-month would allow.
 */
export function addMonths(s: string, months: number): string {
  toDayNumber(s);
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  const td = Math.min(d, daysInMonth(ty, tm));
  return `${String(ty).padStart(4, '0')}-${String(tm).padStart(2, '0')}-${String(td).padStart(2, '0')}`;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}
