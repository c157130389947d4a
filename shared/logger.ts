import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { Config } from './config.js';

export type { Logger };

/**
 * JSON logs, one object a line, for log drains (stdout is a pipe on Heroku and under any
 * process manager); readable lines when a person watches a terminal. `toStderr` keeps stdout
 * clean for CLI commands whose output is data.
 */
export function createLogger(config: Pick<Config, 'logLevel'>, name: string, toStderr = false): Logger {
  const options = { name, level: config.logLevel, base: { proc: name } };
  const fd = toStderr ? 2 : 1;
  return pino(options, destination(fd, isTerminal(fd)));
}

/** Whether a person reads this descriptor: an interactive terminal, not a file or a pipe. */
function isTerminal(fd: 1 | 2): boolean {
  return (fd === 1 ? process.stdout : process.stderr).isTTY;
}

function destination(fd: 1 | 2, terminal: boolean): DestinationStream {
  if (!terminal) return pino.destination(fd);
  // In-process and synchronous, not a worker-thread transport: lines written just before
  // process.exit (a failed start, the end of a shutdown) must still reach the screen.
  return pretty({ destination: fd, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,proc' });
}
