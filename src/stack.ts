/**
 * Everything `npm start` runs, in dependency order: Temporal (embedded dev server or
 * TEMPORAL_ADDRESS), GOV.UK in a box (sandbox mode), the worker, the alert webhook and, when
 * installed, Prometheus + Alertmanager feeding it.
 * The demo starts the same stack on free ports when nothing is running already.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startStackAlerting } from './alerting/stack-alerting.js';
import { codecDataConverter, loadPayloadCodec } from './codec/load-codec.js';
import { startCodecServer } from './codec-server/server.js';
import { ConfigError, type Config } from './config/config.js';
import { loadFingerprintKey } from './config/fingerprint-key.js';
import { localSecret } from './config/local-secret.js';
import type { Logger } from './log.js';
import { startSandbox, type Sandbox } from './sandbox/gov-uk.js';
import { removeStackInfo, writeStackInfo, type StackInfo } from './stack-file.js';
import { temporalConnectionSettings } from './temporal/connection-settings.js';
import { startTemporal } from './temporal/dev-server.js';
import { freePort } from './temporal/free-port.js';
import { createRotationStarter } from './temporal/rotation-starter.js';
import { startWebhookServer } from './webhook/server.js';
import { sandboxActivityDeps } from './worker/activity-deps.js';
import { createRotationWorker } from './worker/rotation-worker.js';

export interface StackOptions {
  config: Config;
  logger: Logger;
  /** Free ports, in-memory Temporal, no stack file: a throwaway stack (the demo run alone). */
  ephemeral: boolean;
}

export interface RunningStack {
  info: StackInfo;
  client: Client;
  sandbox: Sandbox;
  webhookAuthToken: string;
  stop(): Promise<void>;
}

export async function startStack({ config, logger, ephemeral }: StackOptions): Promise<RunningStack> {
  // Before anything starts: a worker must never run without payload encryption (production
  // mode refuses without configured keys), and a bad TLS setting should stop us at once.
  const codec = await loadPayloadCodec(config);
  const dataConverter = codecDataConverter(codec);
  const connectionSettings = await temporalConnectionSettings(config);
  if (config.ROTATION_MODE === 'production') {
    // The production Signon gateway (rails runner through Kubernetes exec) is not built yet;
    // refusing is better than rotating real tokens through half the adapters.
    throw new ConfigError('ROTATION_MODE=production: the production Signon gateway is not implemented yet (see README, "Real systems")');
  }
  // Stopped in reverse order of starting, once: a signal handler and the code it interrupts
  // may both ask (the demo killed mid-run), and a second pass would stop stopped things.
  const stops: Array<() => Promise<void>> = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const stopOne of [...stops].reverse()) await stopOne().catch((error: unknown) => logger.warn({ error }, 'stopping part of the stack failed'));
    })());

  try {
    // The codec server starts first so the Web UI can be pointed at it, and it needs to know
    // the UI's origin, so the UI port is settled here.
    const uiPort = ephemeral ? await freePort('127.0.0.1') : config.TEMPORAL_UI_PORT;
    const codecServer = await startCodecServer({
      host: config.CODEC_SERVER_HOST,
      port: ephemeral ? 0 : config.CODEC_SERVER_PORT,
      codec,
      authToken: config.CODEC_SERVER_TOKEN ?? (await localSecret(config.DATA_DIR, 'codec-server.token')),
      allowedOrigin: config.CODEC_SERVER_UI_ORIGIN ?? `http://127.0.0.1:${uiPort}`,
      logger: logger.child({ component: 'codec-server' }),
    });
    stops.push(() => codecServer.close());

    const temporal = await startTemporal({
      address: config.TEMPORAL_ADDRESS,
      connection: connectionSettings,
      namespace: config.TEMPORAL_NAMESPACE,
      port: ephemeral ? 0 : config.TEMPORAL_PORT,
      uiPort,
      dbFile: ephemeral ? undefined : path.join(config.DATA_DIR, 'temporal.sqlite'),
      logDir: config.DATA_DIR,
      extraArgs: ['--ui-codec-endpoint', codecServer.url],
      logger,
    });
    stops.push(() => temporal.stop());

    const sandbox = await startSandbox({
      ports: ephemeral
        ? {}
        : { signon: config.SANDBOX_SIGNON_PORT, publishingApi: config.SANDBOX_PUBLISHING_API_PORT, kubernetes: config.SANDBOX_KUBERNETES_PORT },
    });
    stops.push(() => sandbox.close());

    const workerConnection = await NativeConnection.connect({ address: temporal.address, ...connectionSettings });
    stops.push(() => workerConnection.close());
    const worker = await createRotationWorker({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      dataConverter,
      deps: sandboxActivityDeps(
        { signonUrl: sandbox.signon.url, signonAdminToken: sandbox.signon.adminToken, kubeConfig: sandbox.kubeConfig, serverApiUrls: sandbox.serverApiUrls },
        config,
        await loadFingerprintKey(config),
        logger.child({ component: 'worker' }),
      ),
    });
    const workerRun = worker.run();
    stops.push(async () => {
      // A worker that hit a fatal error has stopped already; awaiting its run then reports that error.
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    });

    const clientConnection = await Connection.connect({ address: temporal.address, ...connectionSettings });
    stops.push(() => clientConnection.close());
    const client = new Client({ connection: clientConnection, namespace: temporal.namespace, dataConverter });

    const webhookAuthToken = config.WEBHOOK_AUTH_TOKEN ?? (await localSecret(config.DATA_DIR, 'webhook.token'));
    const webhook = await startWebhookServer({
      host: config.WEBHOOK_HOST,
      port: ephemeral ? 0 : config.WEBHOOK_PORT,
      starter: createRotationStarter(client, { taskQueue: config.TEMPORAL_TASK_QUEUE }),
      authToken: webhookAuthToken,
      logger: logger.child({ component: 'webhook' }),
    });
    stops.push(() => webhook.close());

    // The demo's throwaway stack rotates the example itself; an alert starting the same rotation would only add noise.
    const alerting = ephemeral
      ? { info: { status: 'off' as const, reason: 'not started for a throwaway stack' }, stop: async () => {} }
      : await startStackAlerting({
          config,
          signonUrl: sandbox.signon.url,
          webhookUrl: `${webhook.url}/alerts`,
          webhookAuthToken,
          logger: logger.child({ component: 'alerting' }),
        });
    stops.push(() => alerting.stop());

    const kubeconfigPath = path.join(config.DATA_DIR, ephemeral ? `kubeconfig-${process.pid}.yaml` : 'sandbox-kubeconfig.yaml');
    await sandbox.writeKubeconfig(kubeconfigPath);
    if (ephemeral) stops.push(() => rm(kubeconfigPath, { force: true }));
    const info: StackInfo = {
      pid: process.pid,
      temporalAddress: temporal.address,
      namespace: temporal.namespace,
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      uiUrl: temporal.uiUrl,
      webhookUrl: `${webhook.url}/alerts`,
      codecServerUrl: codecServer.url,
      alerting: alerting.info,
      sandbox: {
        signonUrl: sandbox.signon.url,
        signonAdminToken: sandbox.signon.adminToken,
        publishingApiUrl: sandbox.publishingApi.url,
        kubernetesUrl: sandbox.kubernetes.url,
        kubeconfigPath,
      },
    };
    if (!ephemeral) {
      await writeStackInfo(config.DATA_DIR, info);
      stops.push(() => removeStackInfo(config.DATA_DIR));
    }
    return { info, client, sandbox, webhookAuthToken, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
