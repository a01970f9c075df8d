import { generateApiKey, sha256 } from '@sp/crypto';
import type { Account, AccountStore } from '../store/account-store.js';
import type { TrustedIssuerStore } from '../store/trusted-issuer-store.js';

/** Options of {@link seedVerifierDemo}. */
export interface SeedVerifierDemoOptions {
  accountName: string;
  /** A fixed key for the demo (so a launcher can print it every time); a random one when absent. */
  apiKey?: string;
  trustedIssuers: { did: string; name: string }[];
}

/**
 * Prepares a demo employer: the account (found by name, or created), the given API key, and the trusted
 * issuers. Idempotent: running it again changes nothing but issuer names. Returns the API key when it is
 * known (given, or newly made for a new account); an existing account without a given key gets none.
 * @example const { account, apiKey } = await seedVerifierDemo({ accounts, trustedIssuers }, { accountName: 'Demo Care Home', apiKey: 'spk_ver_demo…', trustedIssuers: [{ did, name }] });
 */
export async function seedVerifierDemo(
  stores: { accounts: AccountStore; trustedIssuers: TrustedIssuerStore },
  opts: SeedVerifierDemoOptions,
): Promise<{ account: Account; apiKey?: string }> {
  for (const issuer of opts.trustedIssuers) await stores.trustedIssuers.upsert(issuer);
  let account = await stores.accounts.findByName(opts.accountName);
  let apiKey = opts.apiKey;
  if (!account) {
    const key = apiKey
      ? { key: apiKey, prefix: apiKey.slice(0, 12), hash: sha256(apiKey) }
      : generateApiKey('spk_ver');
    account = await stores.accounts.createWithKey({
      name: opts.accountName,
      key: { name: 'demo', prefix: key.prefix, hash: key.hash },
    });
    apiKey = key.key;
  } else if (apiKey) {
    await stores.accounts.ensureKey(account.id, {
      name: 'demo',
      prefix: apiKey.slice(0, 12),
      hash: sha256(apiKey),
    });
  }
  return { account, ...(apiKey ? { apiKey } : {}) };
}
