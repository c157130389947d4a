#!/usr/bin/env node
import { Command, Option } from 'commander';
import { deadLetterListCommand, deadLetterReplayCommand } from './commands/deadLetters.js';
import { migrateCommand } from './commands/migrate.js';
import { projectCreateCommand } from './commands/projectCreate.js';
import { rollupFailuresCommand, rollupRebuildCommand } from './commands/rollup.js';
import { startCommand } from './commands/start.js';

const program = new Command('cuepoint').description('Cuepoint: video widget analytics').showHelpAfterError();

program.command('start').description('run web, worker and clock in one process (local use)').action(startCommand);
program.command('migrate').description('apply pending database migrations').action(migrateCommand);

const project = program.command('project').description('manage projects');
project
  .command('create')
  .description('create a project and print its id and keys as JSON')
  .requiredOption('--name <name>', 'project name')
  .requiredOption('--timezone <tz>', 'IANA time zone that defines the project\'s days (immutable)')
  .option('--origin <url>', 'allowed browser origin (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
  .option('--currency <code>', 'ISO 4217 currency for conversion values', 'USD')
  .action(projectCreateCommand);

const deadLetter = program.command('dead-letter').description('inspect and replay events that failed permanently');
deadLetter
  .command('list')
  .option('--project <id>', 'only this project')
  .addOption(new Option('--limit <n>', 'at most this many').default(100).argParser(Number))
  .action(deadLetterListCommand);
deadLetter
  .command('replay')
  .argument('[ids...]', 'dead letter ids')
  .option('--all', 'replay every dead letter not yet replayed', false)
  .action(deadLetterReplayCommand);

const rollup = program.command('rollup').description('daily rollups that stats read');
rollup
  .command('rebuild')
  .description('recompute a project\'s days (inclusive) with the current rules; prints a JSON summary')
  .requiredOption('--project <id>', 'project id')
  .requiredOption('--from <day>', 'first local day, YYYY-MM-DD')
  .requiredOption('--to <day>', 'last local day, YYYY-MM-DD (included)')
  .action(rollupRebuildCommand);
rollup
  .command('failures')
  .description('list project-days whose rollup fails on their data (error, attempts, next attempt) as JSON')
  .option('--project <id>', 'only this project')
  .addOption(new Option('--limit <n>', 'at most this many').default(100).argParser(Number))
  .action(rollupFailuresCommand);

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`cuepoint: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
