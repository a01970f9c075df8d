import { z } from 'zod';
import { cookieNames, parseCookies } from './cookies.js';
import { csrfTokenFor, csrfTokenMatches } from './csrf.js';
import { fieldErrors, formErrors } from './form-errors.js';
import { qrSvg } from './qr.js';
import { formatDate, formatDateTime, safeNext } from './web-kit.js';

describe('csrf tokens', () => {
  test('a token matches only the session it was made for', () => {
    const sut = csrfTokenFor('session-a');
    expect(csrfTokenMatches(sut, 'session-a')).toBe(true);
    expect(csrfTokenMatches(sut, 'session-b')).toBe(false);
  });
  test('missing, empty, non-string and truncated tokens never match', () => {
    const token = csrfTokenFor('s');
    expect(csrfTokenMatches(undefined, 's')).toBe(false);
    expect(csrfTokenMatches('', 's')).toBe(false);
    expect(csrfTokenMatches(['x'], 's')).toBe(false);
    expect(csrfTokenMatches(token.slice(1), 's')).toBe(false);
    expect(csrfTokenMatches(token, undefined)).toBe(false);
  });
});

describe('cookies', () => {
  test('parses pairs, keeps the first duplicate and skips malformed escapes', () => {
    expect(parseCookies('a=1; b="two"; a=3; c=%E0%A4%A')).toEqual({ a: '1', b: 'two' });
    expect(parseCookies(undefined)).toEqual({});
  });
  test('names are per service, with the __Host- prefix over https', () => {
    expect(cookieNames('wallet', { secure: false })).toEqual({
      session: 'sp_wallet_session',
      anon: 'sp_wallet_anon',
    });
    expect(cookieNames('issuer', { secure: true }).session).toBe('__Host-sp_issuer_session');
  });
});

describe('form errors', () => {
  test('one plain-English message per field, in form order, linking to the field', () => {
    const parsed = z
      .object({ email: z.email(), name: z.string().min(1) })
      .safeParse({ email: 'x', name: '' });
    const sut = formErrors(parsed.success ? null : parsed.error, {
      name: 'Enter your name',
      email: 'Enter an email',
    });
    expect(sut.summary).toEqual([
      { text: 'Enter your name', href: '#name' },
      { text: 'Enter an email', href: '#email' },
    ]);
    expect(sut.fields['email']).toEqual({ text: 'Enter an email' });
  });
  test('use-case errors become the same shape', () => {
    expect(fieldErrors({ email: { text: 'Wrong' } }).summary).toEqual([{ text: 'Wrong', href: '#email' }]);
  });
});

describe('safeNext', () => {
  test.each([
    ['/credentials?x=1', '/credentials?x=1'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example', '/'],
    [undefined, '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});

test('dates read the GOV.UK way, in UTC', () => {
  expect(formatDate('2026-10-01')).toBe('1 October 2026');
  expect(formatDateTime('2026-10-01T14:30:00Z')).toBe('1 October 2026 at 2:30pm UTC');
  expect(formatDate(null)).toBe('');
});

test('QR codes are inline SVG hidden from screen readers (the link is always shown as text)', async () => {
  const svg = await qrSvg('https://wallet.example/shares/abc');
  expect(svg.startsWith('<svg aria-hidden="true" focusable="false" class="sp-qr" ')).toBe(true);
  expect(svg).not.toContain('<script');
});
