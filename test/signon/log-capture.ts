import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** A debug-level logger whose lines a test can search, e.g. for leaked token text. */
export function capturedLogger(name: string): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger(name, sink);
  logger.level = 'debug';
  return { logger, lines };
}
