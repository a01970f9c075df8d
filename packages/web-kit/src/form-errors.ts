import type { z } from 'zod';

/** The GOV.UK error pattern: a summary list linking to each field, and a message beside the field. */
export interface FormErrors {
  /** For `govukErrorSummary({ errorList })`. */
  summary: { text: string; href: string }[];
  /** For a component's `errorMessage`: `errors.fields.email` → `{ text }`. */
  fields: Record<string, { text: string }>;
}

/**
 * Builds the GOV.UK error summary and field messages for a failed parse. Each field's message comes from
 * `messages` (plain English written for people), falling back to zod's message; only the first problem
 * of a field is shown, in the order of `messages`.
 * @example formErrors(result.error, { email: 'Enter an email address, like name@example.com' })
 */
export function formErrors(error: z.ZodError | null, messages: Record<string, string>): FormErrors {
  const fields: Record<string, { text: string }> = {};
  for (const issue of error?.issues ?? []) {
    const field = String(issue.path[0] ?? 'form');
    fields[field] ??= { text: messages[field] ?? issue.message };
  }
  return fieldErrors(fields, Object.keys(messages));
}

/**
 * Builds {@link FormErrors} from messages decided by a use-case (e.g. "Email or password is wrong").
 * @example fieldErrors({ password: { text: 'Email or password is wrong' } })
 */
export function fieldErrors(fields: Record<string, { text: string }>, order: string[] = []): FormErrors {
  const keys = [
    ...order.filter((k) => k in fields),
    ...Object.keys(fields).filter((k) => !order.includes(k)),
  ];
  return {
    fields,
    summary: keys.map((k) => ({ text: (fields[k] as { text: string }).text, href: `#${k}` })),
  };
}
