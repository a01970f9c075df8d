import { FetchError, type SafeFetcher } from '@sp/did';
import { AppError } from '@sp/http-kit';
import { z } from 'zod';

/**
 * Why a share link could not be used. Each code says when it is given (as `reason` in the 422 problem):
 * - `share_expired` — the wallet answered 410 because the share has expired.
 * - `share_withdrawn` — the wallet answered 410 because the worker withdrew the share.
 * - `share_gone` — the wallet answered 410 without saying which.
 * - `share_not_found` — the wallet answered 404 (unknown or mistyped link).
 * - `share_address_refused` — the link is not https, or its host is (or resolves to) a loopback, private
 *   or link-local address that is not in the development allow-list. Refused before connecting.
 * - `share_unreachable` — DNS failure, connection failure, timeout, or another HTTP error status.
 * - `share_invalid_response` — the answer was a redirect, too large, not JSON, or had no `presentation`.
 */
export type ShareFailure =
  | 'share_expired'
  | 'share_withdrawn'
  | 'share_gone'
  | 'share_not_found'
  | 'share_address_refused'
  | 'share_unreachable'
  | 'share_invalid_response';

const zShareResponse = z.object({ presentation: z.string().min(1) });

const FAILURE_DETAIL: Record<ShareFailure, string> = {
  share_expired: 'The share link has expired',
  share_withdrawn: 'The share link was withdrawn by its holder',
  share_gone: 'The share link is no longer available',
  share_not_found: 'The share link was not found',
  share_address_refused: 'The share link points to an address the verifier may not fetch',
  share_unreachable: 'The share link could not be reached',
  share_invalid_response: 'The share link did not answer with a presentation',
};

function shareError(reason: ShareFailure, cause?: unknown): AppError {
  return new AppError('unprocessable', { detail: FAILURE_DETAIL[reason], extra: { reason }, cause });
}

/**
 * The audience a share link's presentation must be bound to: the link without query and fragment
 * (the wallet signs `aud` = its share URL exactly).
 * @example shareAudience('https://wallet.example/shares/abc?x=1') // 'https://wallet.example/shares/abc'
 */
export function shareAudience(shareUrl: string): string {
  const u = new URL(shareUrl);
  u.search = '';
  u.hash = '';
  return u.toString();
}

/**
 * Fetches the presentation behind a share link with a fresh nonce, through the SSRF-safe fetcher. Any
 * failure is a 422 `unprocessable` problem whose `reason` is a {@link ShareFailure}; nothing is stored by
 * the caller in that case.
 * @example const { presentation, audience } = await fetchSharedPresentation(fetcher, { shareUrl, nonce, verifierName: 'Sunrise Care' });
 */
export async function fetchSharedPresentation(
  fetcher: SafeFetcher,
  input: { shareUrl: string; nonce: string; verifierName: string },
): Promise<{ presentation: string; audience: string }> {
  let url: URL;
  try {
    url = new URL(input.shareUrl);
  } catch (e) {
    throw shareError('share_address_refused', e);
  }
  url.hash = '';
  url.searchParams.set('nonce', input.nonce);
  url.searchParams.set('verifier', input.verifierName);
  let body: unknown;
  try {
    const res = await fetcher.get(url.toString(), { accept: 'application/json' });
    body = res.json();
  } catch (e) {
    throw shareError(classify(e), e);
  }
  const parsed = zShareResponse.safeParse(body);
  if (!parsed.success) throw shareError('share_invalid_response');
  return { presentation: parsed.data.presentation, audience: shareAudience(input.shareUrl) };
}

function classify(e: unknown): ShareFailure {
  if (!(e instanceof FetchError)) return 'share_unreachable';
  switch (e.code) {
    case 'invalid_url':
    case 'scheme_refused':
    case 'address_refused':
      return 'share_address_refused';
    case 'redirect_refused':
    case 'too_large':
    case 'bad_content':
      return 'share_invalid_response';
    case 'http_status':
      if (e.status === 404) return 'share_not_found';
      if (e.status === 410) return goneReason(e.body);
      return 'share_unreachable';
    default:
      return 'share_unreachable';
  }
}

/**
 * A 410 from a wallet says "expired" or "withdrawn" only in its problem `detail` (RFC 9457 §3.1.4); read
 * it once, here, and fall back to `share_gone` for any other wallet.
 */
function goneReason(body: Buffer | undefined): ShareFailure {
  let detail = '';
  try {
    const problem: unknown = JSON.parse(body?.toString('utf8') ?? '');
    if (
      problem &&
      typeof problem === 'object' &&
      typeof (problem as { detail?: unknown }).detail === 'string'
    ) {
      detail = (problem as { detail: string }).detail;
    }
  } catch {
    return 'share_gone';
  }
  if (/withdrawn/i.test(detail)) return 'share_withdrawn';
  if (/expired/i.test(detail)) return 'share_expired';
  return 'share_gone';
}
