import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The one logger setup: pino JSON to stdout, with secrets redacted wherever they might appear.
 * Log codes, ids and hashes — never JWTs, keys, passwords or personal data.
 * @example const logger = createLogger({ service: 'issuer', level: 'info' });
 */
export function createLogger(opts: {
  service: string;
  level?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: opts.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'headers.authorization',
          '*.password',
          '*.token',
          '*.apiKey',
          '*.privateJwk',
          '*.jwt',
          '*.kek',
        ],
        censor: '[redacted]',
      },
    },
    opts.destination,
  );
}
