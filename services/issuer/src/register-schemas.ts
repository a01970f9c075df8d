import { zFramework } from '@sp/care-catalogue';
import { z } from 'zod';

const zDid = z
  .string()
  .max(500)
  .regex(/^did:[a-z0-9]+:[A-Za-z0-9._:%-]+$/, 'a DID');
/** A date (`YYYY-MM-DD`, 00:00 UTC) or a date-time. */
const zInstant = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** One authorisation: exactly one of `catalogueCode` and `framework`, from `validFrom` until `validUntil`. */
export const zRegisterAuthorisationInput = z
  .object({
    catalogueCode: z.string().min(1).max(64).optional(),
    framework: zFramework.optional(),
    validFrom: zInstant,
    validUntil: zInstant.optional(),
  })
  .refine((a) => (a.catalogueCode === undefined) !== (a.framework === undefined), {
    message: 'give exactly one of catalogueCode and framework',
  });
export type RegisterAuthorisationInput = z.output<typeof zRegisterAuthorisationInput>;

/** `POST /v1/admin/register/issuers` body. */
export const zAddRegisterIssuerRequest = z.object({
  did: zDid,
  name: z.string().trim().min(1).max(300),
  authorisations: z.array(zRegisterAuthorisationInput).max(200).default([]),
});

/** `POST /v1/admin/register/issuers/{did}/suspend` body. */
export const zSuspendRegisterIssuerRequest = z.object({ reason: z.string().trim().min(1).max(500) });

export const zRegisterDidParams = z.object({ did: zDid });
export const zRegisterAuthorisationParams = zRegisterDidParams.extend({ authorisationId: z.uuid() });

const zAuthorisationView = z.object({
  id: z.string(),
  catalogueCode: z.string().optional(),
  framework: z.string().optional(),
  validFrom: z.string(),
  validUntil: z.string().optional(),
});
/** An issuer of the register as the operator API shows it. */
export const zRegisterIssuerView = z.object({
  did: z.string(),
  name: z.string(),
  status: z.enum(['active', 'suspended']),
  suspendedAt: z.string().optional(),
  suspendReason: z.string().optional(),
  createdAt: z.string(),
  authorisations: z.array(zAuthorisationView),
});
export type RegisterIssuerView = z.output<typeof zRegisterIssuerView>;
export const zRegisterIssuerList = z.object({ version: z.number(), items: z.array(zRegisterIssuerView) });
