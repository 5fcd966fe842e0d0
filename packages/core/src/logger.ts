import pino, { type Logger } from 'pino';
import { safeErrorRecord } from './error-hygiene';

export type { Logger };

/**
 * Structured JSON logs. Secrets never reach a log line: credentials in well-known places are redacted,
 * and callers log ids, never tokens or passwords.
 */
export function createLogger(
  service: string,
  level: string = process.env.LOG_LEVEL ?? 'info',
  destination?: pino.DestinationStream,
): Logger {
  const options: pino.LoggerOptions = {
    name: service,
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // An error is logged by type, scrubbed message, frames and codes: never the SQL parameters it may carry.
    serializers: { err: safeErrorRecord, error: safeErrorRecord },
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'accessToken',
        'refreshToken',
        'headers.authorization',
        'req.headers.authorization',
        'headers["x-gateway-credential"]',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  };
  // A destination only in tests that read the log lines back.
  return destination ? pino(options, destination) : pino(options);
}
