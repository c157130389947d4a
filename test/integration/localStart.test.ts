import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { entryArgs, stopRole } from '../helpers/processes.js';
import { createTestEnv, type TestEnv } from '../helpers/services.js';

/** Output of a child until `until` appears in it (or the time is up), the child still running. */
async function outputUntil(child: ChildProcess, until: RegExp, timeoutMs = 60_000): Promise<string> {
  let out = '';
  const seen = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${String(until)} within ${timeoutMs} ms; output: ${out.slice(-2000)}`)), timeoutMs);
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited ${code} before ${String(until)}: ${out.slice(-2000)}`)));
  });
  await seen;
  return out;
}

/** Read when a test runs, after the global setup has settled whether dist/ is fresh. */
const start = () => [process.execPath, ...entryArgs('cli/main.ts'), 'start'];

describe('npm start: the local single process', function () {
  this.timeout(120_000);
  let t: TestEnv;
  let env: Record<string, string>;
  before(async () => {
    t = await createTestEnv();
    // RATE_LIMIT_SECRET is removed, not emptied: the point is a machine where nobody set it.
    const { RATE_LIMIT_SECRET: _unset, ...inherited } = process.env;
    env = { ...inherited, ...t.env, LOG_LEVEL: 'info', PORT: '0' };
  });
  after(async () => {
    await t.cleanup();
  });

  it('when stdout is a pipe then every log line is one JSON object, the dashboard URL and how to make its first user are given, and no RATE_LIMIT_SECRET warning', async () => {
    const [node, ...args] = start();
    const child = spawn(node!, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await outputUntil(child, /no dashboard user yet/);
      const lines = out.trim().split('\n');
      for (const line of lines) expect(() => JSON.parse(line) as unknown, line).to.not.throw();
      expect(out).to.match(/dashboard: http:\/\/[^ "]+\/app\//);
      expect(out).to.contain('user create --email you@example.com --password-stdin');
      expect(out).to.not.contain('RATE_LIMIT_SECRET');
    } finally {
      await stopRole(child);
    }
  });

  it('when stdout is a terminal then the lines are readable text, and no RATE_LIMIT_SECRET warning is given', async () => {
    // `script` runs the command on a pseudo-terminal, as a person's shell would.
    const command = start().map((a) => `'${a}'`).join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      const out = await outputUntil(child, /listening on http/);
      expect(out).to.match(/INFO.*\(cuepoint\)/);
      expect(out).to.not.match(/^\{"level"/m);
      expect(out).to.not.contain('RATE_LIMIT_SECRET');
    } finally {
      // Ctrl-C on the terminal: the process stops gracefully, as it would for a person.
      child.stdin.write('\x03');
      await once(child, 'exit');
    }
  });
});
