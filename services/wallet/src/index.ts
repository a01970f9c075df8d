/** The wallet service: worker accounts, holder keys, OpenID4VCI client, share links (see docs/wallet.md). */
export { loadWalletConfig, type WalletConfig } from './config.js';
export { startWallet, seedWalletDemo, type RunningWallet, type WalletDeps } from './service.js';
export { offerIssuedProcessor, OFFER_ISSUED_KIND } from './jobs/index.js';
