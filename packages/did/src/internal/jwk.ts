import type { JWK } from 'jose';

/** RFC 7518 §6.2.2, §6.3.2, §6.4 and RFC 8037 §2: members that carry private or symmetric key material. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

/** RFC 7638 §3.2: the required public members of each key type, which identify the key. */
const REQUIRED_PUBLIC: Record<string, readonly string[]> = {
  EC: ['crv', 'kty', 'x', 'y'],
  OKP: ['crv', 'kty', 'x'],
  RSA: ['e', 'kty', 'n'],
};

/** Optional members kept in a canonical public JWK because they change how the key may be used. */
const KEPT_OPTIONAL = ['alg', 'use'] as const;

export function hasPrivateMembers(jwk: Record<string, unknown>): boolean {
  return PRIVATE_MEMBERS.some((m) => m in jwk);
}

/** Whether a value looks like a public asymmetric JWK (EC, OKP or RSA with its required members as strings). */
export function isPublicJwk(value: unknown): value is JWK {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const jwk = value as Record<string, unknown>;
  const required = typeof jwk['kty'] === 'string' ? REQUIRED_PUBLIC[jwk['kty']] : undefined;
  if (!required || hasPrivateMembers(jwk)) return false;
  return required.every((m) => typeof jwk[m] === 'string' && jwk[m] !== '');
}

/**
 * The public members of a JWK in lexicographic order (the order RFC 7638 §3.3 uses), so that one key
 * always gives the same serialisation. Throws TypeError on private or symmetric keys.
 */
export function canonicalPublicJwk(jwk: JWK): JWK {
  const record = jwk as Record<string, unknown>;
  if (hasPrivateMembers(record)) throw new TypeError('JWK contains private key members; pass the public key');
  if (!isPublicJwk(jwk)) throw new TypeError('JWK is not a public EC, OKP or RSA key');
  const required = REQUIRED_PUBLIC[jwk.kty as string]!;
  const names = [...required, ...KEPT_OPTIONAL.filter((m) => typeof record[m] === 'string')].sort();
  const out: Record<string, unknown> = {};
  for (const name of names) out[name] = record[name];
  return out as JWK;
}
