/**
 * The `rotation` CLI: start, list, show, and the person's decisions (approve, reject, confirm
 * a hand-over, choose for a disused token). commander parses and validates arguments; the
 * actions only talk to Temporal (and, for the hand-over, to Signon).
 */
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z } from 'zod';
import { ENVIRONMENTS, personSchema, type Environment } from '../../workflows/types.js';

export interface CliActions {
  start(request: { environment: Environment; apiUser: string; application: string; startedBy?: string }): Promise<void>;
  list(filter: { environment?: string; step?: string }): Promise<void>;
  show(workflowId: string): Promise<void>;
  approve(workflowId: string, by: string, note?: string): Promise<void>;
  reject(workflowId: string, by: string, reason?: string): Promise<void>;
  confirmHandover(workflowId: string, by: string): Promise<void>;
  chooseDisusedAction(workflowId: string, by: string, choice: 'revoke-only' | 'rotate'): Promise<void>;
  handoverToken(workflowId: string, outFile: string): Promise<void>;
}

function person(value: string): string {
  const parsed = personSchema.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError('must name a person (non-blank)');
  return parsed.data;
}

function email(value: string): string {
  if (!z.email().safeParse(value).success) throw new InvalidArgumentError(`"${value}" is not an email address`);
  return value;
}

function nonBlank(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('must not be blank');
  return value.trim();
}

/**
 * `npm run` starts the CLI in the package root, so a relative path is taken from where the
 * person ran npm (INIT_CWD, which npm sets), not from the repository.
 */
function fromUserDirectory(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

const byOption = () => new Option('--by <name>', 'the person deciding (recorded in history)').argParser(person).makeOptionMandatory();

/** `actions` is called only after arguments validate, so bad input never connects anywhere. */
export function buildProgram(actions: () => Promise<CliActions>): Command {
  const program = new Command('rotation')
    .description('Start and steer Signon API-user token rotations')
    .showHelpAfterError()
    .exitOverride();

  program
    .command('start')
    .description('start a rotation for one API user token')
    .addOption(new Option('--environment <env>', 'GOV.UK environment').choices(ENVIRONMENTS).makeOptionMandatory())
    .requiredOption('--api-user <email>', "the API user's email, as in the alert's api_user label", email)
    .requiredOption('--application <name>', 'the server application, e.g. publishing-api', nonBlank)
    .addOption(new Option('--by <name>', 'the person starting it (with APPROVER_NOT_STARTER they may not approve it)').argParser(person))
    .action(async ({ by, ...request }: { environment: Environment; apiUser: string; application: string; by?: string }) =>
      (await actions()).start({ ...request, ...(by !== undefined ? { startedBy: by } : {}) }));

  program
    .command('list')
    .description('list rotations with their current step')
    .addOption(new Option('--environment <env>', 'only this environment').choices(ENVIRONMENTS))
    .option('--step <step>', 'only rotations at this step, e.g. awaitApproval', nonBlank)
    .action(async (options: { environment?: string; step?: string }) =>
      (await actions()).list(options));

  program
    .command('show')
    .description("show one rotation's step timeline")
    .argument('<workflowId>', 'the rotation id (see list)', nonBlank)
    .action(async (workflowId: string) =>
      (await actions()).show(workflowId));

  program
    .command('approve')
    .description('approve revoking the old token (only once verification has finished, and only by a listed approver)')
    .argument('<workflowId>', 'the rotation id', nonBlank)
    .addOption(byOption())
    .option('--note <text>', 'a note for the record')
    .action(async (workflowId: string, options: { by: string; note?: string }) =>
      (await actions()).approve(workflowId, options.by, options.note));

  program
    .command('reject')
    .description('stop the rotation; the old token is kept')
    .argument('<workflowId>', 'the rotation id', nonBlank)
    .addOption(byOption())
    .option('--reason <text>', 'why, for the record')
    .action(async (workflowId: string, options: { by: string; reason?: string }) =>
      (await actions()).reject(workflowId, options.by, options.reason));

  program
    .command('handover-token')
    .description("external consumers: write the new token to a new owner-only file, to send it securely")
    .argument('<workflowId>', 'the rotation id', nonBlank)
    .requiredOption('--out <file>', 'a file that does not exist yet (relative to where you ran npm)', nonBlank)
    .action(async (workflowId: string, options: { out: string }) =>
      (await actions()).handoverToken(workflowId, fromUserDirectory(options.out)));

  program
    .command('confirm-handover')
    .description('external consumers: confirm the new token reached the consumer')
    .argument('<workflowId>', 'the rotation id', nonBlank)
    .addOption(byOption())
    .action(async (workflowId: string, options: { by: string }) =>
      (await actions()).confirmHandover(workflowId, options.by));

  program
    .command('choose')
    .description('disused tokens: revoke only, or rotate anyway')
    .argument('<workflowId>', 'the rotation id', nonBlank)
    .addOption(new Option('--action <choice>', 'what to do').choices(['revoke-only', 'rotate']).makeOptionMandatory())
    .addOption(byOption())
    .action(async (workflowId: string, options: { by: string; action: 'revoke-only' | 'rotate' }) =>
      (await actions()).chooseDisusedAction(workflowId, options.by, options.action));

  return program;
}
