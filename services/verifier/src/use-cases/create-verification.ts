import { randomBytes, randomUUID } from 'node:crypto';
import { assessReadiness, type Setting } from '@sp/care-catalogue';
import { type StatusListCache, verifyPresentationJwt } from '@sp/credential';
import type { KeyResolver, SafeFetcher } from '@sp/did';
import type { Account } from '../store/account-store.js';
import type { PolicyStore } from '../store/policy-store.js';
import type { VerificationStore } from '../store/verification-store.js';
import { buildReport, toEvidenceCredentials, type VerificationReport } from './build-report.js';
import { fetchSharedPresentation, shareAudience } from './fetch-shared-presentation.js';
import { getEmployerPolicy } from './get-employer-policy.js';
import type { TrustedIssuerCache } from './trusted-issuer-cache.js';
import { currentRecognition } from './issuer-recognition.js';
import { verifiedCredentialRows } from './record-verified-credentials.js';
import type { RegisterCache } from './register-cache.js';

/** What `POST /v1/verifications` accepts (already parsed and validated by the route). */
export type VerificationInput = (
  | { shareUrl: string }
  | { presentation: string; audience: string; nonce: string }
) & {
  roleCategory?: string;
  setting?: Setting;
  /** The employer's own reference for the member of staff (for the training matrix). */
  staff?: { id: string; name: string };
};

/** Everything {@link createVerification} needs; built once in service.ts. */
export interface VerificationDeps {
  verifications: VerificationStore;
  /** The account's employer policy, applied to readiness. */
  policies: PolicyStore;
  trusted: TrustedIssuerCache;
  /** did:web / did:jwk / did:key key resolver (caching). */
  resolver: KeyResolver;
  /** SSRF-safe fetcher for share links (uncached: every fetch carries a fresh nonce). */
  shareFetcher: SafeFetcher;
  /** Fetches a status list credential JWT (and its ETag) through the cached SSRF-safe fetcher. */
  fetchStatusListCredential: (url: string) => Promise<string | { jwt: string; etag?: string | undefined }>;
  /** Verified, decoded status lists across requests (`createStatusListCache` of `@sp/credential`). */
  statusListCache?: StatusListCache;
  now: () => Date;
  /** The register of recognised issuers; when given it decides `issuer_recognised` instead of the allow-list. */
  register?: RegisterCache | undefined;
}

/**
 * Verifies a presentation (given directly, or fetched from a share link with a fresh nonce) end to end and
 * stores the report (and the status entries of its verified credentials) in one statement. A presentation that fails any check is still a verification result
 * (201, `verified: false`); only a share link that cannot be fetched is refused (422, nothing stored).
 * @example const report = await createVerification(deps, account, { presentation, audience, nonce });
 */
export async function createVerification(
  deps: VerificationDeps,
  account: Account,
  input: VerificationInput,
): Promise<{ report: VerificationReport; json: string }> {
  let vp: { presentation: string; audience: string; nonce: string };
  let shareUrl: string | undefined;
  if ('shareUrl' in input) {
    // 128 bits of fresh randomness bind the presentation to this very request (replay protection).
    const nonce = randomBytes(16).toString('base64url');
    const fetched = await fetchSharedPresentation(deps.shareFetcher, {
      shareUrl: input.shareUrl,
      nonce,
      verifierName: account.name,
    });
    vp = { presentation: fetched.presentation, audience: fetched.audience, nonce };
    shareUrl = shareAudience(input.shareUrl);
  } else {
    vp = input;
  }

  const now = deps.now();
  const recognition = await currentRecognition(deps);
  const pr = await verifyPresentationJwt(vp.presentation, {
    resolver: deps.resolver,
    now,
    audience: vp.audience,
    nonce: vp.nonce,
    isRecognisedIssuer: recognition.isRecognisedIssuer,
    fetchStatusListCredential: deps.fetchStatusListCredential,
    ...(deps.statusListCache ? { statusListCache: deps.statusListCache } : {}),
  });

  const report = buildReport(pr, {
    id: randomUUID(),
    inputKind: shareUrl ? 'share_url' : 'presentation',
    ...(shareUrl ? { shareUrl } : {}),
    trusted: recognition.names,
  });
  if (recognition.register) report.register = recognition.register;
  if (input.staff) report.staff = input.staff;
  if (input.roleCategory && input.setting) {
    // Read only when readiness is asked for, so a plain verification still costs one INSERT.
    const { policy } = await getEmployerPolicy(deps.policies, account);
    report.readiness = assessReadiness({
      credentials: toEvidenceCredentials(report),
      roleCategory: input.roleCategory,
      setting: input.setting,
      policy,
      // Calendar date of the check, UTC, as care-catalogue's date maths expects.
      today: report.checkedAt.slice(0, 10),
    });
  }

  const json = JSON.stringify(report);
  // One statement, one commit: the report and the status entries its verified credentials are remembered
  // by (so status changes reach webhook subscriptions). This is the verifier's hot path.
  await deps.verifications.insert(
    {
      id: report.id,
      accountId: account.id,
      inputKind: report.inputKind,
      shareUrl: shareUrl ?? null,
      verified: report.verified,
      reportJson: json,
      staffId: input.staff?.id ?? null,
      staffName: input.staff?.name ?? null,
      createdAt: new Date(report.checkedAt),
    },
    verifiedCredentialRows({ accountId: account.id, verificationId: report.id }, pr),
  );
  return { report, json };
}
