/** BullMQ processors for the wallet's tables, run by services/jobs. */
export { OFFER_ISSUED_KIND, offerIssuedProcessor, offersIssuedProcessor } from './offer-issued.js';
export { createMailer, type Mailer, type OutgoingEmail } from './mailer.js';
export {
  EMAIL_CLAIM_MS,
  emailJobId,
  emailSweepProcessor,
  emailClaimHolder,
  emailsJobId,
  queueEmail,
  sendEmailProcessor,
  sendEmails,
  sendEmailsProcessor,
} from './send-email.js';
export {
  REFRESH_DUE_KIND,
  REMINDER_THRESHOLDS,
  refreshRemindersProcessor,
  reminderThreshold,
} from './refresh-reminders.js';
export { createEmailStore, type EmailRecord, type EmailStore } from '../store/email-store.js';
