/**
 * The only program the simulated containers can run: coreutils `printenv`. Anything else
 * fails the way a missing executable does in a shell: exit code 127 and a line on stderr.
 */
import type { ContainerEnv } from './pod-environments.js';

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

function printenv(names: string[], env: ContainerEnv): CommandResult {
  if (names.length === 0) {
    const all = Object.entries(env).map(([name, value]) => `${name}=${value}\n`);
    return { stdout: all.join(''), stderr: '', exitCode: 0 };
  }
  // GNU printenv prints each variable that is set and exits 1 if any was not.
  const found = names.filter((name) => name in env);
  return { stdout: found.map((name) => `${env[name]}\n`).join(''), stderr: '', exitCode: found.length === names.length ? 0 : 1 };
}

export function runCommand(argv: string[], env: ContainerEnv): CommandResult {
  const [program, ...args] = argv;
  if (program === 'printenv' || program === '/usr/bin/printenv') return printenv(args, env);
  return { stdout: '', stderr: `exec: "${program ?? ''}": executable file not found in $PATH\n`, exitCode: 127 };
}
