import { pino, type Logger } from 'pino';
import type { Config } from './config.js';

export type { Logger };

/** JSON logs; `toStderr` keeps stdout clean for CLI commands whose output is data. */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string, toStderr = false): Logger {
  const options = { name, level: config.logLevel, base: { proc: name } };
  return toStderr ? pino(options, pino.destination(2)) : pino(options);
}
