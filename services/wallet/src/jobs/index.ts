/** BullMQ processors for the wallet's tables, run by services/jobs. */
export { OFFER_ISSUED_KIND, offerIssuedProcessor } from './offer-issued.js';
