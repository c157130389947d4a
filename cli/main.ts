#!/usr/bin/env node
import { Command, Option } from 'commander';
import { KEY_KINDS } from '../shared/entities/ApiKey.js';
import { deadLetterListCommand, deadLetterReplayCommand } from './commands/deadLetters.js';
import { doctorCommand } from './commands/doctor.js';
import { envCommand } from './commands/env.js';
import { keyCreateCommand } from './commands/keyCreate.js';
import { migrateCommand, migrateDownCommand } from './commands/migrate.js';
import { projectCreateCommand } from './commands/projectCreate.js';
import { projectDeleteCommand } from './commands/projectDelete.js';
import { projectListCommand } from './commands/projectList.js';
import { retentionRunCommand } from './commands/retention.js';
import { rollupFailuresCommand, rollupRebuildCommand } from './commands/rollup.js';
import { rollupNowCommand } from './commands/rollupNow.js';
import { startCommand } from './commands/start.js';
import { userCreateCommand } from './commands/userCreate.js';
import { userListCommand } from './commands/userList.js';
import { ROLE_CHOICES, userSetRoleCommand } from './commands/userSetRole.js';
import { OUTPUT_FORMATS } from './output.js';

/** `--format json` (default) for programs, `--format env` for `eval "$(npx cuepoint …)"` in a shell. */
const format = () => new Option('--format <format>', 'output: JSON, or NAME=value lines for a shell').choices(OUTPUT_FORMATS).default('json');

const program = new Command('cuepoint').description('Cuepoint: video widget analytics').showHelpAfterError();

program.command('start').description('run web, worker and clock in one process (local use)').action(startCommand);
const migrateProgram = program.command('migrate').description('apply pending database migrations').action(migrateCommand);
migrateProgram
  .command('down')
  .description('revert applied migrations in one transaction (default: the newest one); prints the reverted names as JSON')
  .option('--to <name>', 'revert every migration applied after <name>, which stays applied (0: revert all)')
  .option('--step <n>', 'revert the newest <n> migrations')
  .option('--yes', 'confirm: a down drops what its up created, rows included; without it nothing is reverted', false)
  .action(migrateDownCommand);
program
  .command('doctor')
  .description('check Redis, PostgreSQL and its read replica, migrations, partitions, the clock, queues, rollups and disk; exit code 1 when a check fails')
  .option('--json', 'print the checks as JSON', false)
  .action(doctorCommand);
program
  .command('env')
  .description('print DATABASE_URL and REDIS_URL as the CLI resolves them (those of a running `npm start` when unset)')
  .addOption(format().default('env'))
  .action(envCommand);

const project = program.command('project').description('manage projects');
project
  .command('create')
  .description('create a project and print its id and keys as JSON')
  .requiredOption('--name <name>', 'project name')
  .requiredOption('--timezone <tz>', 'IANA time zone that defines the project\'s days (immutable)')
  .option('--origin <url>', 'allowed browser origin (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
  .option('--currency <code>', 'ISO 4217 currency for conversion values', 'USD')
  .addOption(format())
  .action(projectCreateCommand);
project.command('list').description('print every project with its settings and counts of working keys').action(projectListCommand);
project
  .command('delete')
  .description('delete a project and every row of it, for good; its keys stop working at once')
  .requiredOption('--project <id>', 'project id')
  .option('--yes', 'confirm: nothing is deleted without it', false)
  .action(projectDeleteCommand);

const key = program.command('key').description('manage API keys');
key
  .command('create')
  .description('add a key of one kind to a project and print it once (e.g. a lost admin key); existing keys keep working')
  .requiredOption('--project <id>', 'project id')
  .addOption(new Option('--kind <kind>', 'key kind').choices(KEY_KINDS).makeOptionMandatory())
  .addOption(format())
  .action(keyCreateCommand);

const user = program.command('user').description('dashboard users and their roles in projects');
user
  .command('create')
  .description('create a user; the first one becomes owner of every existing project. Prints {id, email, projects}')
  .requiredOption('--email <email>', 'sign-in e-mail address')
  .option('--password-stdin', 'read the password (10-256 characters) from stdin; required, so it never shows in argv', false)
  .option('--owner-of <projectId>', 'also make the user owner of this project (repeatable)', (v: string, acc: string[]) => [...acc, v], [])
  .action(userCreateCommand);
user.command('list').description('print every user with their role in each project').action(userListCommand);
user
  .command('set-role')
  .description("set a user's role in a project (`none` removes it): the way back in for an operator")
  .requiredOption('--email <email>', 'the user')
  .requiredOption('--project <id>', 'project id')
  .addOption(new Option('--role <role>', 'the role').choices(ROLE_CHOICES).makeOptionMandatory())
  .action(userSetRoleCommand);

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
  .command('now')
  .description('roll up a project\'s pending days at once instead of at the next minute, after accepted events are stored')
  .requiredOption('--project <id>', 'project id')
  .action(rollupNowCommand);
rollup
  .command('failures')
  .description('list project-days whose rollup fails on their data (error, attempts, next attempt) as JSON')
  .option('--project <id>', 'only this project')
  .addOption(new Option('--limit <n>', 'at most this many').default(100).argParser(Number))
  .action(rollupFailuresCommand);

const retention = program.command('retention').description('delete raw events, facts and dead letters past their retention');
retention
  .command('run')
  .description('do now what the clock does daily; prints a table of what was deleted (--json: the report)')
  .option('--as-of <date>', 'compute retention for this day (YYYY-MM-DD, taken at 12:00 UTC) or ISO instant instead of now')
  .option('--dry-run', 'count what would be deleted, delete nothing', false)
  .option('--project <id>', "only this project's rows; no partition is dropped")
  .option('--json', 'print the report as JSON', false)
  .action(retentionRunCommand);

program.parseAsync().catch((err: unknown) => {
  process.stderr.write(`cuepoint: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
