import { generateApiKey } from '@sp/crypto';
import type { Account, AccountStore } from '../store/account-store.js';

/**
 * Creates an employer account and its first API key. The key is returned once, here; only its SHA-256
 * hash and a short prefix are stored.
 * @example const { account, apiKey } = await createAccount(accounts, { name: 'Sunrise Care' });
 */
export async function createAccount(
  accounts: AccountStore,
  input: { name: string },
): Promise<{ account: Account; apiKey: string }> {
  const key = generateApiKey('spk_ver');
  const account = await accounts.createWithKey({
    name: input.name,
    key: { name: 'default', prefix: key.prefix, hash: key.hash },
  });
  return { account, apiKey: key.key };
}
