// The composition root: opens the store, builds the services and the worker, starts the HTTP
// server. Everything else receives its dependencies from here.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import { pino, type Logger } from 'pino';
import type { Config } from '../config.js';
import { openStore, type Store } from '../store/store.js';
import { loadServerKey } from '../crypto/server-key.js';
import { createHttpServer, lazyRoutes } from './http.js';
import { sendJson } from '../kernel/route.js';
import { cognitoService } from '../services/cognito-idp/service.js';
import { keySessions } from '../services/sts/sessions.js';
import { wellKnownRoutes } from '../services/cognito-idp/tokens/well-known.js';
import { domainRouter } from '../services/cognito-idp/oauth/routes.js';
import { confirmLinkRoute } from '../services/cognito-idp/confirm-link.js';
import { uploadRoute } from '../services/cognito-idp/import/upload-route.js';
import { importLogRoute } from '../services/cognito-idp/import/log-route.js';
import { startImportRunner } from '../services/cognito-idp/import/runner.js';
import { uiAssetRoute } from '../services/cognito-idp/branding/ui-asset-route.js';
import { mailboxRoutes } from '../messaging/mailbox-api.js';
import { statusRoutes } from '../messaging/status-api.js';
import { defaultEmailQuotaRoute } from '../services/cognito-idp/messages/quota-route.js';
import { buildTransport } from '../messaging/transports/index.js';
import { DeliveryWorker } from '../messaging/worker.js';
import { serverDelivery } from '../messaging/delivery-thread.js';
import { wakeOnQueued } from '../messaging/outbox.js';
import type { Deps } from '../services/context.js';
import { FunctionRunner } from '../functions/runner.js';

export interface Running {
  url: string;
  port: number;
  store: Store;
  log: Logger;
  close(): Promise<void>;
}

/** The certificate and key of --tls-cert and --tls-key, read at start: a path that cannot be read is named. */
function tlsFiles(config: Config): { cert: Buffer; key: Buffer } | undefined {
  if (!config.tlsCert || !config.tlsKey) return undefined;
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read the TLS ${what} ${file}: ${(e as Error).message}`, { cause: e });
    }
  };
  const files = { cert: read(config.tlsCert, 'certificate'), key: read(config.tlsKey, 'key') };
  try {
    createSecureContext(files);
  } catch (e) {
    throw new Error(`cannot serve HTTPS with ${config.tlsCert} and ${config.tlsKey}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return files;
}

const defaultLog = (config: Config) => pino({ level: config.logLevel }, pino.destination({ dest: 2, sync: false }));

/**
 * `cognate worker`: delivery only, no HTTP, against the same database as the servers. Several
 * may run at once; the outbox's claims keep them from sending the same message together.
 * Without a server in the same process to wake it, it polls.
 */
export async function runWorker(config: Config, log: Logger = defaultLog(config)): Promise<{ close(): Promise<void> }> {
  const store = await openStore(config);
  const transport = buildTransport(config, store, Date.now);
  const worker = new DeliveryWorker({
    store,
    transport,
    log: log.child({ component: 'worker' }),
    pollMs: 250,
    leaseMs: config.deliveryLeaseMs,
  });
  worker.start();
  // The worker's poll timer does not hold the process open (in a server, the listening socket
  // does); alone, this does, until close().
  const alive = setInterval(() => {}, 2 ** 31 - 1);
  log.info({ store: store.dialect, location: store.location, transport: transport.name }, 'cognate worker is running');
  return {
    async close() {
      clearInterval(alive);
      await worker.stop();
      transport.close();
      await store.close();
    },
  };
}

// Logs go to stderr as JSON lines; stdout carries only what the CLI prints for people and scripts.
// `now` is the clock of every operation and of the worker: tests move it to cross expiry windows.
export async function startCognate(
  config: Config,
  log: Logger = defaultLog(config),
  { now = Date.now }: { now?: () => number } = {},
): Promise<Running> {
  const tls = tlsFiles(config);
  const store = await openStore(config);
  const delivery = serverDelivery(config, store, log, now);
  wakeOnQueued(store, () => delivery.wake());
  const deps: Deps = {
    config,
    store,
    log,
    now,
    serverKey: await loadServerKey(store),
    publicUrl: config.publicUrl ?? '',
    keySessions: keySessions(store.db),
  };
  // AWS_ENDPOINT_URL of every worker: the address the server is reached at, known once it listens.
  deps.functions = new FunctionRunner(store, () => deps.publicUrl, log.child({ component: 'functions' }), now);
  const server = createHttpServer({
    deps,
    tls,
    domains: domainRouter(deps),
    json: [cognitoService()],
    services: async () => ({
      query: [
        (await import('../services/sts/service.js')).stsService(),
        (await import('../services/iam/service.js')).iamService(),
        (await import('../services/ses/service.js')).sesService(),
        (await import('../services/sns/service.js')).snsService(),
      ],
      restJson: [
        (await import('../services/sesv2/service.js')).sesv2Service(),
        (await import('../services/lambda/service.js')).lambdaService(),
      ],
      json: [
        (await import('../services/logs/service.js')).logsService(),
        (await import('../services/kms/service.js')).kmsService(),
      ],
    }),
    routes: [
      { method: 'GET', path: '/health', handle: async (_q, res) => sendJson(res, 200, { status: 'ok' }) },
      ...mailboxRoutes(store, config.defaultAccount),
      ...statusRoutes(store),
      defaultEmailQuotaRoute(store, config.defaultEmailDailyQuota, now),
      confirmLinkRoute(deps),
      uploadRoute(deps),
      importLogRoute(deps),
      uiAssetRoute(deps),
      ...wellKnownRoutes(deps),
      // SES's verification links and operator endpoints, SNS's operator endpoints, the doctors.
      ...lazyRoutes(
        /^\/_cognate\/(ses|sns|doctor|triggers)\/|^\/_aws\/sns\/phone-opt-outs$/,
        ['GET', 'POST', 'DELETE'],
        async () => [
          ...(await import('../services/ses/routes.js')).sesRoutes(deps),
          ...(await import('../services/sns/operator-api.js')).snsOperatorRoutes(deps),
          (await import('../doctor/email-route.js')).doctorEmailRoute(deps),
          ...(await import('../doctor/pool-route.js')).poolDoctorRoutes(deps),
          (await import('../services/cognito-idp/triggers/trace-route.js')).triggerTraceRoute(deps),
        ],
      ),
    ],
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  if (config.worker) delivery.start();
  const imports = startImportRunner(deps, log.child({ component: 'user-import' }));
  const { port } = server.address() as AddressInfo;
  const url = `${config.tlsCert ? 'https' : 'http'}://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  deps.publicUrl ||= url;
  log.info({ url, store: store.dialect, location: store.location }, 'cognate is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    store,
    log,
    close: () =>
      (closing ??= (async () => {
        // Stop accepting, let in-flight requests finish, then stop the worker and close the store.
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
        });
        await imports.stop();
        deps.functions?.close();
        await delivery.stop();
        await store.close();
      })()),
  };
}
