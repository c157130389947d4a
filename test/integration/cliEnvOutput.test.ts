import { expect } from 'chai';
import { execFileSync } from 'node:child_process';

/** What a shell makes of `eval "$(printEnv output)"`, read back through the shell itself. */
function evalInShell(vars: Record<string, string>): Record<string, string> {
  const script = `
    eval "$(node --import tsx -e 'import("./cli/output.ts").then((m) => m.printEnv(JSON.parse(process.argv[1])))' '${JSON.stringify(vars).replaceAll("'", "'\\''")}')"
    for name in ${Object.keys(vars).join(' ')}; do printf '%s\\0' "$(eval "printf %s \\"\\$$name\\"")"; done`;
  const out = execFileSync('sh', ['-c', script], { encoding: 'utf8' });
  const values = out.split('\0').slice(0, -1);
  return Object.fromEntries(Object.keys(vars).map((name, i) => [name, values[i] ?? '']));
}

describe('cli: --format env output', () => {
  it('when values hold quotes, spaces, dollars and backticks then eval gives them back unchanged', () => {
    const vars = { DATABASE_URL: "postgres://u:p'a $HOME `x`@h:5/db", WRITE_KEY: 'cpw_0123abcd_A-b_c', EMPTY: '' };
    expect(evalInShell(vars)).to.deep.equal(vars);
  });
});
