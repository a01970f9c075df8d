import { zDeliveryMode } from '@sp/care-catalogue';
import { z } from 'zod';

/** Largest batch, in rows, and largest upload, in bytes (docs/bulk-issuance.md). */
export const BATCH_MAX_ROWS = 50_000;
export const BATCH_MAX_BYTES = 20 * 1024 * 1024;

const zIsoDate = z.iso.date();
const optionalText = (max: number) => z.string().trim().min(1).max(max).optional();

/**
 * One row of a cohort upload, as a JSON row (camelCase) or a CSV line after its header is mapped through
 * {@link BATCH_CSV_COLUMNS}. `dateOfBirth` is a matching hint kept with the row; it is not put in the credential.
 */
export const zBatchRow = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  dateOfBirth: zIsoDate.optional(),
  catalogueCode: z.string().trim().min(1).max(64),
  completionDate: zIsoDate,
  deliveryMode: zDeliveryMode,
  assessmentMethod: z.string().trim().min(1).max(300),
  assessor: optionalText(300),
  /** The uploader's own id for the row; when given it is the row's idempotency key. */
  rowId: optionalText(100),
});
export type BatchRow = z.output<typeof zBatchRow>;

/** CSV header name → row field. Headers are matched case-insensitively, surrounding spaces ignored. */
export const BATCH_CSV_COLUMNS = {
  email: 'email',
  name: 'name',
  date_of_birth: 'dateOfBirth',
  catalogue_code: 'catalogueCode',
  completion_date: 'completionDate',
  delivery_mode: 'deliveryMode',
  assessment_method: 'assessmentMethod',
  assessor: 'assessor',
  row_id: 'rowId',
} as const satisfies Record<string, keyof BatchRow>;

/** Columns a CSV must have (the others may be absent or empty). */
export const BATCH_REQUIRED_COLUMNS = [
  'email',
  'name',
  'catalogue_code',
  'completion_date',
  'delivery_mode',
  'assessment_method',
] as const;

/** `POST /v1/batches` with `application/json`. */
export const zCreateBatchJsonRequest = z.object({
  /** Alternative to the `Idempotency-Key` header. */
  idempotencyKey: z.string().min(1).max(200).optional(),
  rows: z.array(z.record(z.string(), z.unknown())).min(1).max(BATCH_MAX_ROWS),
});

/** `Idempotency-Key` header value. */
export const zIdempotencyKey = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII');

/** A bad row: where, and why. `column` is the CSV header (or the JSON field) of the bad cell. */
export const zRowError = z.object({
  line: z.number().int(),
  column: z.string().optional(),
  reason: z.string(),
  detail: z.string().optional(),
});
export type RowError = z.output<typeof zRowError>;

export const zBatchStatus = z.object({
  id: z.string(),
  state: z.enum(['receiving', 'accepted', 'completed']),
  idempotencyKey: z.string(),
  totalRows: z.number().int(),
  counts: z.object({
    pending: z.number().int(),
    done: z.number().int(),
    failed: z.number().int(),
    invalid: z.number().int(),
    duplicate: z.number().int(),
  }),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  resultUrl: z.string(),
  /** The first bad rows (at most 1,000); result.csv has them all. */
  errors: z.array(zRowError),
});
export type BatchStatus = z.output<typeof zBatchStatus>;
