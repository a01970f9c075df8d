import { listRoleCategories, zSetting } from '@sp/care-catalogue';
import { z } from 'zod';

// The request and response shapes of the verifier API: the routes parse with them and openapi.ts documents
// them, so the documentation cannot drift from what is enforced.

const zDid = z
  .string()
  .max(2048)
  .regex(/^did:[a-z0-9]+:\S+$/, 'must be a DID');

export const zCreateAccountRequest = z.strictObject({ name: z.string().trim().min(1).max(200) });
export const zCreateAccountResponse = z.object({
  account: z.object({ id: z.uuid(), name: z.string() }),
  apiKey: z.string().describe('Shown once; only its SHA-256 hash is stored'),
});

export const zTrustedIssuerRequest = z.strictObject({ did: zDid, name: z.string().trim().min(1).max(200) });
export const zTrustedIssuer = z.object({ did: z.string(), name: z.string(), addedAt: z.string() });
export const zTrustedIssuerList = z.object({ items: z.array(zTrustedIssuer) });

const readinessFields = {
  roleCategory: z
    .string()
    .max(100)
    .optional()
    .describe('Care Workforce Pathway role category id (care-catalogue); needs `setting`'),
  setting: zSetting.optional().describe('Care setting; needs `roleCategory`'),
  staff: z
    .strictObject({ id: z.string().trim().min(1).max(100), name: z.string().trim().min(1).max(200) })
    .optional()
    .describe('The employer’s own reference for the member of staff checked; the training matrix uses it'),
};

const zShareInput = z.strictObject({
  shareUrl: z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2048),
  ...readinessFields,
});
const zPresentationInput = z.strictObject({
  presentation: z.string().min(1).describe('VP-JWT'),
  audience: z.string().min(1).max(2048),
  nonce: z.string().min(1).max(512),
  ...readinessFields,
});

/**
 * `POST /v1/verifications`: a share link, or a VP-JWT with the audience and nonce it must be bound to.
 * `roleCategory` and `setting` come together or not at all. The presentation is tried first: it is what
 * high-volume callers send, and a union builds the errors of every option it tries before the one that fits.
 */
export const zVerificationRequest = z.union([zPresentationInput, zShareInput]).superRefine((body, ctx) => {
  if (Boolean(body.roleCategory) !== Boolean(body.setting)) {
    ctx.addIssue({
      code: 'custom',
      path: [body.roleCategory ? 'setting' : 'roleCategory'],
      message: 'roleCategory and setting are given together',
    });
  } else if (body.roleCategory && !listRoleCategories().some((r) => r.id === body.roleCategory)) {
    ctx.addIssue({ code: 'custom', path: ['roleCategory'], message: 'unknown role category' });
  }
});

const zCheck = z.object({
  name: z.string(),
  result: z.enum(['pass', 'fail', 'unknown']),
  reason: z.string().optional(),
  detail: z.string().optional(),
});

export const zVerificationReport = z.object({
  id: z.uuid(),
  verified: z
    .boolean()
    .describe('True only when every check of the presentation and of every credential passes'),
  checkedAt: z.string(),
  inputKind: z.enum(['share_url', 'presentation']),
  shareUrl: z.string().optional(),
  presentation: z.object({ holder: z.string().optional(), checks: z.array(zCheck) }),
  credentials: z.array(
    z.object({
      id: z.string().nullable(),
      issuer: z.string().nullable(),
      issuerName: z.string().optional(),
      name: z.string().nullable(),
      catalogueCode: z.string().nullable(),
      completionDate: z.string().nullable(),
      deliveryMode: z.string().nullable(),
      verified: z.boolean(),
      checks: z.array(zCheck),
    }),
  ),
  staff: z.object({ id: z.string(), name: z.string() }).optional(),
  readiness: z.unknown().optional().describe('care-catalogue ReadinessReport, when roleCategory was given'),
});

export const zVerificationIdParams = z.object({ id: z.uuid() });
export const zListVerificationsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
export const zVerificationList = z.object({
  items: z.array(zVerificationReport),
  nextCursor: z.string().optional(),
});
