import { listRoleCategories, zEmployerPolicy, zSetting } from '@sp/care-catalogue';
import { z } from 'zod';

// Shapes of the employer policy and training matrix endpoints (routes parse with them, openapi.ts documents
// them).

/** `PUT /v1/policy` body: a care-catalogue employer policy (codes and role categories are checked too). */
export const zPutPolicyRequest = zEmployerPolicy;

export const zPolicyView = z.object({
  policy: zEmployerPolicy,
  updatedAt: z.string().nullable().describe('null while the national defaults apply'),
  catalogueVersion: z.string(),
  pathwayVersion: z.string(),
});

/** `GET /v1/training-matrix.csv` query: the role category and setting every line is assessed for. */
export const zTrainingMatrixQuery = z.object({
  roleCategory: z
    .string()
    .max(100)
    .refine((id) => listRoleCategories().some((r) => r.id === id), 'unknown role category')
    .describe('Care Workforce Pathway role category id'),
  setting: zSetting,
});
