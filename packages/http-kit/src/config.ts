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

/** A 32-byte key given as base64 or base64url. */
export const zKey32 = () =>
  z.string().refine((s) => Buffer.from(s, 'base64').length === 32, 'must be 32 bytes, base64-encoded');
