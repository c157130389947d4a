import { loadConfig, type Config } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { resolveServices, type ResolveOptions } from './local/services.js';

export interface Running {
  close(): Promise<void>;
}

export type Starter = (config: Config, log: Logger) => Promise<Running>;

/**
 * Runs one role as a process: validated config, services resolved, graceful shutdown on
 * SIGTERM/SIGINT (stop intake, finish in-flight work, close connections) within the timeout.
 */
export async function runProcess(name: string, start: Starter, resolve: ResolveOptions = { startServers: false }): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
  const log = createLogger(config, name);
  let running: Running;
  let services: Awaited<ReturnType<typeof resolveServices>>;
  try {
    services = await resolveServices(config, log, resolve);
    running = await start(services.config, log);
  } catch (err) {
    log.fatal({ err }, `${name} failed to start: ${(err as Error).message}`);
    process.exit(1);
  }
  log.info(`${name} started`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `${name} shutting down`);
    const timer = setTimeout(() => {
      log.error(`${name} did not stop within ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    running
      .close()
      .then(() => services.stop())
      .then(() => {
        log.info(`${name} stopped`);
        process.exit(0);
      })
      .catch((err: unknown) => {
        log.error({ err }, `${name} shutdown failed`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}
