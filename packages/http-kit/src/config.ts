import ipaddr from 'ipaddr.js';
import { z } from 'zod';

/**
 * A configuration value that is wrong or missing. The message names each variable; it never repeats a
 * secret value.
 */
export class ConfigError extends Error {
  readonly variables: string[];
  constructor(variables: string[], message: string) {
    super(message);
    this.name = 'ConfigError';
    this.variables = variables;
  }
}

/**
 * Validates environment variables against a zod object schema whose keys are the variable names, once at
 * start-up. Returns a frozen object; throws {@link ConfigError} naming every bad variable.
 * @example const env = loadEnv(z.object({ PORT: zPort(3001) }), process.env);
 */
export function loadEnv<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined>,
): Readonly<z.output<S>> {
  // Empty strings count as unset, as shells and .env files produce them for "no value".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    const variables = result.error.issues.map((i) => String(i.path[0] ?? ''));
    throw new ConfigError(variables, `Invalid configuration:\n${lines.join('\n')}`);
  }
  return Object.freeze(result.data);
}

/** A TCP port with a default. */
export const zPort = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

/** An absolute http(s) URL without a trailing slash. */
export const zBaseUrl = () =>
  z
    .url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' })
    .transform((u) => u.replace(/\/+$/, ''));

/** "true"/"false"/"1"/"0" → boolean. */
export const zFlag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .transform((v) => v === 'true' || v === '1' || v === 'yes')
    .default(fallback);

/** Comma-separated list → string[]. */
export const zList = (fallback: string[] = []) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .default(fallback);

export const zLogLevel = () =>
  z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (item: string): boolean => {
  if (PROXY_NAMES.includes(item)) return true;
  const [address = '', bits, ...rest] = item.split('/');
  if (rest.length > 0 || !ipaddr.isValid(address)) return false;
  if (bits === undefined) return true;
  const max = ipaddr.parse(address).kind() === 'ipv4' ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
};

/**
 * `TRUST_PROXY`, express's `trust proxy`: which reverse proxies may say who the client is (X-Forwarded-For), so
 * that `req.ip` — what sign-in limiting counts by — is the client and not the proxy. Unset or `false`: none (the
 * peer is the client). A number: that many proxy hops. Else a comma-separated list of addresses, subnets
 * (`10.0.0.0/8`) and express's names `loopback`, `linklocal`, `uniquelocal`. `true` (every hop) is refused:
 * any client could then claim any address.
 */
export const zTrustProxy = () =>
  z
    .string()
    .refine((s) => !/^(true|yes)$/i.test(s), 'name the proxies (addresses, subnets or a hop count), not true')
    .transform((s): number | string | false => {
      if (/^(false|no|0)$/i.test(s)) return false;
      if (/^[1-9]\d?$/.test(s)) return Number(s);
      return s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .join(',');
    })
    .refine(
      (v) => typeof v !== 'string' || v.split(',').every(isProxyAddress),
      'a hop count, or addresses, subnets and loopback/linklocal/uniquelocal, comma-separated',
    )
    .default(false);

/** A 32-byte key given as base64 or base64url. */
export const zKey32 = () =>
  z.string().refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded');

/**
 * The variables every process shares (docs/architecture.md). Services extend this object with their own.
 * `DEV_ALLOWED_HOSTS` defaults to `localhost` only in embedded mode (no DATABASE_URL): see {@link devAllowedHosts}.
 * @example const zEnv = zCommonEnv.extend({ ISSUER_PORT: zPort(3001) });
 */
export const zCommonEnv = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  PGLITE_DIR: z.string().default('.data/pglite'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/i)
    .default('sp'),
  LOG_LEVEL: zLogLevel(),
  HOST: z.string().default('127.0.0.1'),
  TRUST_PROXY: zTrustProxy(),
  DEV_ALLOWED_HOSTS: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .optional(),
});

/**
 * Hosts that may be fetched over http and on loopback/private addresses: the explicit list, else `localhost` in
 * embedded mode (no DATABASE_URL), else none.
 * @example devAllowedHosts(env) // ['localhost']
 */
export function devAllowedHosts(env: {
  DATABASE_URL?: string | undefined;
  DEV_ALLOWED_HOSTS?: string[] | undefined;
}): string[] {
  return env.DEV_ALLOWED_HOSTS ?? (env.DATABASE_URL ? [] : ['localhost']);
}
