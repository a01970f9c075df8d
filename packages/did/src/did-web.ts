/**
 * did:web (W3C CCG did:web Method Specification): a DID names an https origin and optional path, and the
 * DID document is `did.json` there.
 */

const DID_WEB_PREFIX = 'did:web:';

/**
 * The did:web DID for a web address (did:web §3.2 "Create"): the port colon is percent-encoded (`%3A`) and
 * path segments are joined with `:`. A trailing `/did.json` (and `/.well-known/did.json`) is dropped, so
 * the document URL maps back to its DID too.
 *
 * Throws TypeError for a URL that is not http(s) or has a query, fragment or credentials.
 *
 * @example
 * ```ts
 * didWebFromUrl('http://localhost:3001/orgs/acme'); // 'did:web:localhost%3A3001:orgs:acme'
 * ```
 */
export function didWebFromUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new TypeError('didWebFromUrl: not a URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw new TypeError('didWebFromUrl: URL must be http(s)');
  if (u.search || u.hash || u.username || u.password) {
    throw new TypeError('didWebFromUrl: URL must not have a query, fragment or credentials');
  }
  let segments = u.pathname.split('/').filter((s) => s !== '');
  if (segments.at(-1) === 'did.json') segments = segments.slice(0, -1);
  if (segments.length === 1 && segments[0] === '.well-known') segments = [];
  // A ':' inside a segment would read back as a separator, so it stays percent-encoded.
  const path = segments.map((s) => encodeURIComponent(decodeURIComponent(s)));
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  return [`${DID_WEB_PREFIX}${host}`, ...path].join(':');
}

/**
 * The URL of a did:web DID's document (did:web §3.3 "Read"): `:` becomes `/`, the `%3A` port colon is
 * decoded, `/.well-known` is used when there is no path, and `/did.json` is appended. The scheme is https,
 * or http for a host listed in `allowHttpHosts` (`hostname` or `hostname:port`; development only).
 *
 * Throws TypeError for anything that is not a well-formed did:web DID (fragment, query, empty or dot
 * segments, an encoded `/`).
 *
 * @example
 * ```ts
 * didWebDocumentUrl('did:web:example.com%3A3000:user:alice'); // 'https://example.com:3000/user/alice/did.json'
 * didWebDocumentUrl('did:web:w3c-ccg.github.io'); // 'https://w3c-ccg.github.io/.well-known/did.json'
 * ```
 */
export function didWebDocumentUrl(did: string, opts: { allowHttpHosts?: string[] } = {}): string {
  if (!did.startsWith(DID_WEB_PREFIX)) throw new TypeError('not a did:web DID');
  const msi = did.slice(DID_WEB_PREFIX.length);
  // DID Core §3.1: method-specific-id characters are ALPHA / DIGIT / "." / "-" / "_" / pct-encoded, and ':'.
  if (!/^[A-Za-z0-9._%:-]+$/.test(msi)) throw new TypeError('malformed did:web DID');
  const [rawHost, ...rawSegments] = msi.split(':');
  let hostPort: string;
  let segments: string[];
  try {
    hostPort = decodeURIComponent(rawHost!);
    segments = rawSegments.map((s) => decodeURIComponent(s));
  } catch {
    throw new TypeError('malformed percent-encoding in did:web DID');
  }
  for (const s of segments) {
    if (s === '' || s === '.' || s === '..' || s.includes('/') || s.includes('\\')) {
      throw new TypeError('malformed path segment in did:web DID');
    }
  }
  let origin: URL;
  try {
    origin = new URL(`https://${hostPort}`);
  } catch {
    throw new TypeError('malformed host in did:web DID');
  }
  if (origin.host !== hostPort.toLowerCase() || origin.pathname !== '/') {
    throw new TypeError('malformed host in did:web DID');
  }
  const allowHttp = (opts.allowHttpHosts ?? []).map((h) => h.toLowerCase());
  const http =
    allowHttp.includes(origin.hostname) ||
    (origin.port !== '' && allowHttp.includes(`${origin.hostname}:${origin.port}`));
  const path =
    segments.length === 0 ? '/.well-known' : `/${segments.map((s) => encodeURIComponent(s)).join('/')}`;
  return `${http ? 'http' : 'https'}://${origin.host}${path}/did.json`;
}
