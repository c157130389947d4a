import { loadConfig, type Config } from '../shared/config.js';
import { createLogger, type Logger } from '../shared/logger.js';
import { resolveServices } from '../shared/local/services.js';

export interface CliContext {
  config: Config;
  log: Logger;
  stop(): Promise<void>;
}

/** Config with servers resolved; CLI commands never start servers (only `start` does). */
export async function cliContext(): Promise<CliContext> {
  const base = loadConfig();
  const log = createLogger(base, 'cli', true);
  const services = await resolveServices(base, log, { startServers: false });
  return { config: services.config, log, stop: () => services.stop() };
}

export { printJson } from './output.js';
