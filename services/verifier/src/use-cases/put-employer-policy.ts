import { catalogueVersion, checkEmployerPolicy, pathwayVersion } from '@sp/care-catalogue';
import { AppError } from '@sp/http-kit';
import type { Account } from '../store/account-store.js';
import type { PolicyStore } from '../store/policy-store.js';
import type { EmployerPolicyView } from './get-employer-policy.js';

/**
 * Replaces the account's employer policy (refresh-period overrides, extra requirements for its own
 * services, the due-soon window). National defaults are never changed: the policy is applied on top of them
 * in every readiness report of this account from now on. `{}` goes back to the national defaults.
 *
 * @throws AppError `bad_request` (400, `reason: invalid_policy`, `issues`) for a policy care-catalogue
 *   refuses: unknown members, an unknown catalogue code or role category, a bad level, setting or number.
 * @example await putEmployerPolicy({ policies, now }, account, { refreshMonths: { 'CORE-MOVING-HANDLING': 6 } });
 */
export async function putEmployerPolicy(
  deps: { policies: PolicyStore; now: () => Date },
  account: Account,
  input: unknown,
): Promise<EmployerPolicyView> {
  const checked = checkEmployerPolicy(input);
  if (!checked.ok) {
    throw new AppError('bad_request', {
      detail: checked.detail,
      extra: { reason: checked.reason, issues: checked.issues },
    });
  }
  const updatedAt = deps.now();
  await deps.policies.put(account.id, checked.policy, updatedAt);
  return {
    policy: checked.policy,
    updatedAt: updatedAt.toISOString(),
    catalogueVersion,
    pathwayVersion,
  };
}
