/** BullMQ processors for the issuer's tables, run by services/jobs. */
export { type IssuerJobDeps, issuerProcessors } from './bulk-issuance.js';
