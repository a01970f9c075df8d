import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// scrypt cost: N = 2^15, r = 8, p = 1 (RFC 7914 §2; OWASP password storage cheat sheet minimum is
// N = 2^17 with 64 MiB, we pick 2^15 / 32 MiB because the services run on 2 slow cores).
const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function scryptAsync(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const N = 2 ** logN;
  // Node refuses N·r·128 ≥ maxmem (default 32 MiB); give it room for exactly this cost.
  const maxmem = 128 * N * r * p + 2 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_BYTES, { N, r, p, maxmem }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/**
 * Hash a password with scrypt (node:crypto) and a random 16-byte salt.
 *
 * Output is self-describing in PHC string format: `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64url), so
 * the cost can rise later while old hashes still verify.
 *
 * @example
 * ```ts
 * const stored = await hashPassword('correct horse battery staple');
 * await verifyPassword('correct horse battery staple', stored); // true
 * ```
 */
export async function hashPassword(password: string): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('hashPassword: password must be a string');
  const salt = randomBytes(SALT_BYTES);
  const key = await scryptAsync(password, salt, LOG_N, R, P);
  return `$scrypt$ln=${LOG_N},r=${R},p=${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

const STORED = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)$/;

/**
 * Check a password against a string from {@link hashPassword}. The comparison is constant-time
 * (`timingSafeEqual`).
 *
 * @returns `true` when the password matches.
 * @throws TypeError (rejects) when `stored` is not a hash this function made, or its cost is out of
 *   bounds (ln 10–20, r 1–32, p 1–16) — a corrupted row is a bug, not a wrong password.
 * @example
 * ```ts
 * if (!(await verifyPassword(body.password, user.passwordHash))) throw new AppError('login_failed', …);
 * ```
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const m = typeof stored === 'string' ? STORED.exec(stored) : null;
  if (!m) throw new TypeError('verifyPassword: stored hash is not in $scrypt$ format');
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (logN < 10 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16) {
    throw new TypeError('verifyPassword: stored hash cost is out of bounds');
  }
  const expected = Buffer.from(m[5]!, 'base64url');
  if (expected.byteLength !== KEY_BYTES) throw new TypeError('verifyPassword: stored hash has a bad length');
  if (typeof password !== 'string') return false;
  const actual = await scryptAsync(password, Buffer.from(m[4]!, 'base64url'), logN, r, p);
  return timingSafeEqual(actual, expected);
}

/**
 * A random token from the OS CSPRNG, base64url without padding.
 *
 * @param bytes - entropy in bytes, default 32 (256 bits); 16 to 1024.
 * @example
 * ```ts
 * const preAuthorizedCode = randomToken(); // 43 characters
 * ```
 */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 1024) {
    throw new TypeError('randomToken: bytes must be an integer from 16 to 1024');
  }
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 as lowercase hex. Strings are hashed as UTF-8.
 *
 * @example
 * ```ts
 * sha256('abc'); // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 * ```
 */
export function sha256(input: string | Uint8Array): string {
  return createHash('sha256').update(input).digest('hex');
}

/**
 * Make an API key: `<prefix>_<43 random base64url chars>`. Store only `hash` (SHA-256 hex; the key has 256
 * bits of entropy so a slow hash adds nothing) and `prefix` (the first 12 characters, shown to people so
 * they can tell keys apart). Look a presented key up by `sha256(key)`.
 *
 * @param prefix - lowercase letters, digits and `_`, starting with a letter, at most 16 characters.
 * @throws TypeError for any other prefix.
 * @example
 * ```ts
 * const { key, prefix, hash } = generateApiKey('spk_iss'); // show `key` once, store prefix + hash
 * ```
 */
export function generateApiKey(prefix: string): { key: string; prefix: string; hash: string } {
  if (typeof prefix !== 'string' || !/^[a-z][a-z0-9_]{0,15}$/.test(prefix)) {
    throw new TypeError('generateApiKey: prefix must match /^[a-z][a-z0-9_]{0,15}$/');
  }
  const key = `${prefix}_${randomToken(32)}`;
  return { key, prefix: key.slice(0, 12), hash: sha256(key) };
}
