import '@sp/http-kit'; // registers zod's .openapi() before any schema is built
import { z } from 'zod';

/** Emails are compared trimmed and lower-cased (one account per mailbox). */
const zEmail = z.string().trim().toLowerCase().pipe(z.email().max(320));

export const zCreateAccountRequest = z.object({
  email: zEmail,
  name: z.string().trim().min(1).max(200),
  password: z.string().min(10).max(1024),
});

export const zSignInRequest = z.object({
  email: zEmail,
  password: z.string().min(1).max(1024),
});

export const zWorker = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  did: z.string(),
  roleCategory: z.string().nullable().describe('Care Workforce Pathway role category (PATCH /v1/me)'),
  setting: z.string().nullable().describe('Care setting (PATCH /v1/me)'),
});
export const zSession = z.object({ token: z.string(), expiresAt: z.iso.datetime() });
export const zAccountResponse = z.object({ worker: zWorker, session: zSession });

export const zAcceptOfferRequest = z.object({
  offer: z.string().min(1).max(8192),
  txCode: z.string().min(1).max(64).optional(),
});

export const zCredentialSummary = z.object({
  id: z.uuid(),
  credentialId: z.string(),
  name: z.string(),
  issuerName: z.string().nullable(),
  issuerDid: z.string(),
  catalogueCode: z.string().nullable(),
  completionDate: z.string().nullable(),
  deliveryMode: z.string().nullable(),
  assessmentMethod: z.string().nullable(),
  issuedAt: z.iso.datetime(),
  validUntil: z.iso.datetime().nullable(),
  receivedAt: z.iso.datetime(),
});
export const zCredentialDetail = z.object({
  summary: zCredentialSummary,
  jwt: z.string(),
  vc: z.record(z.string(), z.unknown()),
});

export const zIdParams = z.object({ id: z.uuid() });

export const zCreateShareRequest = z.object({
  credentialIds: z.array(z.uuid()).min(1).max(50),
  expiresInMinutes: z.number().int().min(5).max(43_200).default(10_080),
  label: z.string().trim().min(1).max(200).optional(),
});
export const zCreateShareResponse = z.object({ id: z.uuid(), url: z.url(), expiresAt: z.iso.datetime() });

export const zShare = z.object({
  id: z.uuid(),
  label: z.string().nullable(),
  status: z.enum(['active', 'expired', 'withdrawn']),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  withdrawnAt: z.iso.datetime().nullable(),
  credentialIds: z.array(z.uuid()),
  viewCount: z.number().int(),
});
export const zShareDetail = zShare.extend({
  views: z.array(
    z.object({
      viewer: z.string().nullable(),
      viewedAt: z.iso.datetime(),
      ip: z.string().nullable(),
      userAgent: z.string().nullable(),
    }),
  ),
});

export const zShareLinkParams = z.object({ token: z.string().min(1).max(200) });
export const zShareLinkQuery = z.object({
  nonce: z.string().min(8).max(128).optional(),
  verifier: z.string().trim().min(1).max(200).optional(),
});
export const zShareLinkResponse = z.object({
  presentation: z.string(),
  audience: z.url(),
  nonce: z.string(),
  expiresAt: z.iso.datetime(),
});

export const zNotification = z.object({
  id: z.uuid(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});
