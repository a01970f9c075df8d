import {
  catalogueVersion,
  checkEmployerPolicy,
  type EmployerPolicy,
  pathwayVersion,
} from '@sp/care-catalogue';
import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { PolicyStore } from '../store/policy-store.js';

/** An employer's readiness policy as the API shows it and as readiness uses it. */
export interface EmployerPolicyView {
  /** The checked policy; `{}` (national defaults only) when the account never stored one. */
  policy: EmployerPolicy;
  /** When it was last stored; null for the national defaults. */
  updatedAt: string | null;
  /** The catalogue and pathway versions the policy was checked against. */
  catalogueVersion: string;
  pathwayVersion: string;
}

/**
 * The account's employer policy, checked again with care-catalogue `checkEmployerPolicy` (a stored JSON
 * value is outside input to the package, and only a checked policy may be passed to `assessReadiness`).
 *
 * @throws AppError `conflict` (409, `reason: policy_outdated`) when the stored policy no longer fits the
 *   shipped catalogue (e.g. it names a code a new catalogue version withdrew): the employer must PUT it again.
 * @example const { policy } = await getEmployerPolicy(policies, account);
 */
export async function getEmployerPolicy(
  policies: PolicyStore,
  account: Account,
): Promise<EmployerPolicyView> {
  const row = await policies.get(account.id);
  const checked = checkEmployerPolicy(row?.policy ?? {});
  if (!checked.ok) {
    throw new AppError('conflict', {
      detail: `The stored employer policy no longer fits catalogue ${catalogueVersion}: ${checked.detail}. Store it again with PUT /v1/policy.`,
      extra: { reason: 'policy_outdated', issues: checked.issues },
    });
  }
  return {
    policy: checked.policy,
    updatedAt: row ? row.updatedAt.toISOString() : null,
    catalogueVersion,
    pathwayVersion,
  };
}
