import { didWebFromUrl } from '@sp/did';

/** Path of the published register JWT (a well-known URL of the issuer service). */
export const REGISTER_PATH = '/.well-known/recognised-issuers';

/**
 * The scheme's own names under the issuer's base URL: its did:web DID (`did:web:<host>:scheme`, document at
 * `<base>/scheme/did.json`) and the URL where the signed register is published.
 * @example schemeIdentity('http://localhost:3001').did // 'did:web:localhost%3A3001:scheme'
 */
export function schemeIdentity(baseUrl: string): { did: string; registerUrl: string } {
  return { did: didWebFromUrl(`${baseUrl}/scheme`), registerUrl: `${baseUrl}${REGISTER_PATH}` };
}
