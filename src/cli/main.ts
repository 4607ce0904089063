/**
 * Entry point of `npm run cli -- <command>`. Exit codes: 0 done, 1 the command failed
 * (e.g. Temporal unreachable, unknown rotation), 2 bad arguments (nothing was sent).
 */
import { CommanderError } from 'commander';
import { createSandboxSignonGateway } from '../adapters/signon-sandbox.js';
import { loadConfig, ConfigError } from '../config/config.js';
import { loadExistingFingerprintKey } from '../config/fingerprint-key.js';
import { createFingerprinter } from '../domain/fingerprint.js';
import { maskTokenShapedText } from '../log.js';
import { createRotationStarter } from '../temporal/rotation-starter.js';
import { createCliActions } from './actions.js';
import { connectForCli, type CliConnection } from './connect.js';
import { buildProgram } from './program.js';

const BAD_ARGUMENTS = 2;

// `rotation list | head` closes the pipe early: the reader has what it wanted, so that is
// success, not a stack trace. Any other stdout error is still fatal.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

async function main(argv: string[]): Promise<number> {
  const config = loadConfig();
  let connection: CliConnection | undefined;
  const connect = async () => (connection ??= await connectForCli(config));

  const program = buildProgram(async () => {
    const { client, stack, taskQueue } = await connect();
    return createCliActions({
      client,
      starter: createRotationStarter(client, { taskQueue }),
      print: (line) => process.stdout.write(`${line}\n`),
      signon: async () => {
        if (!stack?.sandbox) {
          throw new Error('handover-token needs Signon access: only the sandbox gateway exists so far (see README, "Real systems")');
        }
        return createSandboxSignonGateway({
          baseUrl: stack.sandbox.signonUrl,
          adminToken: stack.sandbox.signonAdminToken,
          fingerprint: createFingerprinter(await loadExistingFingerprintKey(config)),
          timeoutMs: config.HTTP_TIMEOUT_MS,
        });
      },
    });
  });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed its message (and help) to stderr.
      return error.exitCode === 0 ? 0 : BAD_ARGUMENTS;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return BAD_ARGUMENTS;
    }
    process.stderr.write(`rotation: ${maskTokenShapedText(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  } finally {
    await connection?.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
