import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@shop/core';

/**
 * A real pino logger (with the platform's serializers, so what it writes is what production would log) whose
 * lines the test reads back.
 */
export function capturingLogger(name: string): { logger: Logger; lines: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: createLogger(name, 'info', stream), lines: () => chunks.join('') };
}
