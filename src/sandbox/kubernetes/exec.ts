/**
 * The pods/exec subresource over websocket, framed as the apiserver relays it from the
 * kubelet: each binary message starts with a channel byte (1 stdout, 2 stderr, 3 error),
 * and channel 3 carries a Status JSON at the end (Success, or NonZeroExitCode with the
 * exit code in details.causes).
 */
import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { runCommand, type CommandResult } from './commands.js';
import type { ApiContext } from './context.js';
import { consumeFault } from './faults.js';
import { failureStatus, type Status } from './objects.js';
import { parseResourcePath } from './paths.js';
import { isAuthorized, UNAUTHORIZED } from './responses.js';

// Newest first; older channel protocols frame the error channel differently and are not simulated.
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const STDOUT = 1;
const STDERR = 2;
const ERROR = 3;

function reject(socket: Duplex, status: Status): void {
  const body = JSON.stringify(status);
  socket.end(
    `HTTP/1.1 ${status.code} ${STATUS_CODES[status.code] ?? 'Error'}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function frame(channel: number, text: string): Buffer {
  return Buffer.concat([Buffer.from([channel]), Buffer.from(text, 'utf8')]);
}

function exitStatus(argv: string[], result: CommandResult): object {
  if (result.exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${result.exitCode}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(result.exitCode) }] },
  };
}

export interface ExecEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close(): void;
}

export function createExecEndpoint(ctx: ApiContext): ExecEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (offered) => PROTOCOLS.find((protocol) => offered.has(protocol)) ?? false,
  });

  function run(ws: WebSocket, argv: string[], env: Record<string, string>, namespace: string, pod: string): void {
    if (consumeFault(ctx.faults, 'replaceNextExecPods')) {
      // The kubelet goes away with the pod: no output, no status, just a dropped stream.
      ctx.replacePod(namespace, pod);
      ws.terminate();
      return;
    }
    const result = runCommand(argv, env);
    if (result.stdout) ws.send(frame(STDOUT, result.stdout));
    if (result.stderr) ws.send(frame(STDERR, result.stderr));
    if (ctx.faults.hangExec) return;
    ws.send(frame(ERROR, JSON.stringify(exitStatus(argv, result))), () => ws.close(1000));
  }

  return {
    handleUpgrade(req, socket, head) {
      ctx.stats.execs += 1;
      if (!isAuthorized(req, ctx.bearerToken)) return reject(socket, UNAUTHORIZED);
      const url = new URL(req.url ?? '/', 'http://simulator');
      const target = parseResourcePath(url.pathname);
      if (!target || target.resource.kind !== 'Pod' || !target.name || target.subresource !== 'exec') {
        return reject(socket, failureStatus(404, 'NotFound', 'the server could not find the requested resource'));
      }
      const pod = ctx.store.get('Pod', target.namespace, target.name);
      if (!pod) return reject(socket, failureStatus(404, 'NotFound', `pods "${target.name}" not found`, { name: target.name, kind: 'pods' }));
      const container = url.searchParams.get('container') ?? pod.spec.containers[0]?.name ?? '';
      const argv = url.searchParams.getAll('command');
      if (!pod.spec.containers.some((candidate) => candidate.name === container)) {
        return reject(socket, failureStatus(400, 'BadRequest', `container ${container} is not valid for pod ${target.name}`));
      }
      if (pod.status.phase !== 'Running') {
        return reject(socket, failureStatus(400, 'BadRequest', `pod ${target.name} is not running (phase ${pod.status.phase})`));
      }
      if (argv.length === 0) return reject(socket, failureStatus(400, 'BadRequest', 'you must specify at least 1 command'));
      const protocols = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((protocol) => protocol.trim());
      if (!PROTOCOLS.some((protocol) => protocols.includes(protocol))) {
        return reject(socket, failureStatus(400, 'BadRequest', 'none of the requested subprotocols is supported'));
      }
      const env = ctx.environments.env(target.namespace, target.name, container) ?? {};
      wss.handleUpgrade(req, socket, head, (ws) => run(ws, argv, env, target.namespace, target.name ?? ''));
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
