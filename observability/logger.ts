// Structured JSON logging (pino). Processes log one line per event with the ids that matter, and
// never a secret (observability/redaction.ts).
import pino from 'pino';
import { logRedaction } from './redaction';

export type Logger = pino.Logger;

/** A logger to stdout, or to `destination` (a test reading what would have been written). */
export function createLogger(name: string, destination?: pino.DestinationStream): Logger {
  const options = { name, level: process.env.LOG_LEVEL ?? 'info', redact: logRedaction };
  return destination ? pino(options, destination) : pino(options);
}
