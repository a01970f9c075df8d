import type { Logger } from '@sp/http-kit';
import nodemailer from 'nodemailer';

/** One email to send. */
export interface OutgoingEmail {
  /** Outbox row id, for logs (addresses are personal data and are not logged). */
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** Sends an email or throws; {@link createMailer} picks SMTP or the log. */
export interface Mailer {
  readonly kind: 'smtp' | 'log';
  send(email: OutgoingEmail): Promise<void>;
  close(): void;
}

/**
 * A mailer over SMTP when `smtpUrl` is set (nodemailer, e.g. `smtp://user:pass@mail.example.org:587`,
 * `smtps://…` for implicit TLS), otherwise one that only logs that an email would be sent (id and subject, not
 * the address or body). Connection timeouts are short so a dead server fails the attempt, and the job retries.
 * @example const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.emailFrom, logger });
 */
export function createMailer(opts: { smtpUrl?: string | undefined; from: string; logger: Logger }): Mailer {
  if (!opts.smtpUrl) {
    return {
      kind: 'log',
      async send(email) {
        opts.logger.info(
          { emailId: email.id, subject: email.subject },
          'email (log transport; SMTP_URL unset)',
        );
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport({
    url: opts.smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    kind: 'smtp',
    async send(email) {
      await transport.sendMail({ from: opts.from, to: email.to, subject: email.subject, text: email.text });
    },
    close() {
      transport.close();
    },
  };
}
