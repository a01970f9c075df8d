import type { z } from 'zod';
import { AppError, type FieldError } from './errors.js';

/**
 * Turns a zod error into field errors with JSON-pointer-like paths under `where`.
 * @example zodFieldErrors(err, 'body') // [{ path: '/body/email', message: 'Invalid email address' }]
 */
export function zodFieldErrors(error: z.ZodError, where: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: `/${[where, ...issue.path.map(String)].join('/')}`,
    message: issue.message,
  }));
}

/**
 * Parses outside input once, at the edge. Throws `validation_failed` (400) naming every bad field.
 * @example const body = parseInput(zCreateOffer, req.body, 'body');
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params' | 'headers',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = zodFieldErrors(result.error, where);
  throw new AppError('validation_failed', {
    detail: `Invalid request ${where}: ${errors.map((e) => e.path).join(', ')}`,
    errors,
  });
}
