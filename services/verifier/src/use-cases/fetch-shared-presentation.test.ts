import { FetchError, type SafeFetcher } from '@sp/did';
import { AppError } from '@sp/http-kit';
import { fetchSharedPresentation, shareAudience } from './fetch-shared-presentation.js';

const URL_ = 'https://wallet.example/shares/tok123';

function fetcherThat(answer: () => unknown): SafeFetcher & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    get: async (url) => {
      urls.push(url);
      const body = answer();
      return { status: 200, headers: {}, body: Buffer.alloc(0), text: () => '', json: () => body };
    },
    post: () => Promise.reject(new Error('unused')),
  };
}

function failingWith(err: FetchError): SafeFetcher {
  return { get: () => Promise.reject(err), post: () => Promise.reject(err) };
}

async function reasonOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe('unprocessable');
  return String((err as AppError).extra?.['reason']);
}

const input = { shareUrl: URL_, nonce: 'n0nce-123', verifierName: 'Sunrise Care' };
const problem = (detail: string) => Buffer.from(JSON.stringify({ code: 'gone', detail }));

test('sends nonce and verifier name in the query and binds to the link without query or fragment', async () => {
  const sut = fetcherThat(() => ({ presentation: 'a.b.c' }));
  const out = await fetchSharedPresentation(sut, { ...input, shareUrl: `${URL_}?ref=mail#top` });
  expect(out).toEqual({ presentation: 'a.b.c', audience: URL_ });
  const sent = new URL(sut.urls[0]!);
  expect(sent.searchParams.get('nonce')).toBe('n0nce-123');
  expect(sent.searchParams.get('verifier')).toBe('Sunrise Care');
  expect(sent.searchParams.get('ref')).toBe('mail');
  expect(sent.hash).toBe('');
});

test.each([
  [
    '410 expired',
    new FetchError('http_status', URL_, { status: 410, body: problem('This share link has expired') }),
    'share_expired',
  ],
  [
    '410 withdrawn',
    new FetchError('http_status', URL_, { status: 410, body: problem('This share link was withdrawn') }),
    'share_withdrawn',
  ],
  [
    '410 without a problem body',
    new FetchError('http_status', URL_, { status: 410, body: Buffer.from('gone') }),
    'share_gone',
  ],
  ['404', new FetchError('http_status', URL_, { status: 404 }), 'share_not_found'],
  ['500', new FetchError('http_status', URL_, { status: 500 }), 'share_unreachable'],
  ['address_refused', new FetchError('address_refused', URL_), 'share_address_refused'],
  ['scheme_refused', new FetchError('scheme_refused', URL_), 'share_address_refused'],
  ['timeout', new FetchError('timeout', URL_), 'share_unreachable'],
  ['dns_failed', new FetchError('dns_failed', URL_), 'share_unreachable'],
  ['redirect_refused', new FetchError('redirect_refused', URL_, { status: 302 }), 'share_invalid_response'],
  ['too_large', new FetchError('too_large', URL_), 'share_invalid_response'],
])('a fetch failing with %s is 422 %s', async (_name, err, reason) => {
  expect(await reasonOf(fetchSharedPresentation(failingWith(err), input))).toBe(reason);
});

test('an answer without a presentation is share_invalid_response', async () => {
  expect(
    await reasonOf(
      fetchSharedPresentation(
        fetcherThat(() => ({ vp: 'x' })),
        input,
      ),
    ),
  ).toBe('share_invalid_response');
});

test('shareAudience drops query and fragment only', () => {
  expect(shareAudience('https://w.example/shares/a?nonce=1#x')).toBe('https://w.example/shares/a');
});
