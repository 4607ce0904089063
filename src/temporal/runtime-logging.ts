/**
 * Sends the Temporal SDK's own log lines (worker state, activity and workflow failures)
 * through our logger, so they get the same redaction as everything else and leave the
 * console readable. Can only be done once per process, before the first worker starts.
 *
 * It also takes SIGINT/SIGTERM away from the SDK: by default the SDK shuts every worker down
 * on those signals by itself, racing our own handlers, which stop the whole stack in order
 * (worker included) and then found the worker no longer running ("IllegalStateError: Not
 * running"). Every process that calls this handles the signals itself.
 */
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from '../log.js';

const PINO_METHOD: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

export function routeTemporalLogs(logger: Logger, level: LogLevel = 'WARN'): void {
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      // Task tokens are opaque routing ids, not secrets, but they are noise in a log line.
      const { taskToken: _taskToken, ...meta } = entry.meta ?? {};
      logger[PINO_METHOD[entry.level]](meta, entry.message);
    }),
    shutdownSignals: [],
  });
}
