/** BullMQ processors for the verifier's tables, run by services/jobs. */
export { STATUS_CHANGED_EVENT, statusChangedProcessor, statusChangedWebhookBody } from './status-changed.js';
export { webhookDeliverProcessor } from './webhook-deliver.js';
export { createWebhookSecretStore } from '../store/webhook-secret-store.js';
export { SIGNATURE_HEADER, signWebhookBody, verifyWebhookSignature } from '../internal/webhook-signature.js';
