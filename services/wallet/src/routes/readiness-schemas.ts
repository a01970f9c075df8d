import { listRoleCategories, zSetting } from '@sp/care-catalogue';
import { z } from 'zod';

// Shapes of the worker's profile and readiness self-view (the routes parse with them, openapi.ts documents
// them).

const isRoleCategory = (id: string) => listRoleCategories().some((r) => r.id === id);
const zRoleCategoryId = z
  .string()
  .max(100)
  .refine(isRoleCategory, 'unknown role category')
  .describe('Care Workforce Pathway role category id, e.g. new_to_care');

/** `PATCH /v1/me`: the worker's current role category and care setting (`null` clears one). */
export const zUpdateProfileRequest = z
  .strictObject({
    roleCategory: zRoleCategoryId.nullable().optional(),
    setting: zSetting.nullable().optional(),
  })
  .refine(
    (b) => b.roleCategory !== undefined || b.setting !== undefined,
    'give roleCategory, setting or both',
  );

/** `GET /v1/readiness`: a role category and setting, together; both absent means the worker's profile. */
export const zReadinessQuery = z
  .object({ roleCategory: zRoleCategoryId.optional(), setting: zSetting.optional() })
  .refine((q) => (q.roleCategory === undefined) === (q.setting === undefined), {
    message: 'roleCategory and setting are given together',
    path: ['setting'],
  });

const zReadinessReport = z
  .record(z.string(), z.unknown())
  .describe('care-catalogue ReadinessReport (requirements, summary, retrain, notCounted, versions)');

export const zOwnReadiness = z.object({
  selfView: z.literal(true),
  notice: z.string().describe('Why this is a self-view and the employer’s check is authoritative'),
  roleCategory: z.string(),
  setting: z.string(),
  asOf: z.string().describe('YYYY-MM-DD (UTC)'),
  current: zReadinessReport,
  next: zReadinessReport.nullable().describe('The next role category in pathway order; null after the last'),
  dueSoon: z
    .array(
      z.object({
        code: z.string(),
        name: z.string(),
        refreshDue: z.string(),
        roleCategories: z.array(z.string()),
      }),
    )
    .describe('Met requirements whose refresh date is within the due-soon window, soonest first'),
});
