import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { procfileNodeFlags } from '../../../bench/lib/roles.js';

describe('the Node flags of the Procfile roles', () => {
  it('when a role line gives node flags then the bench starts that role with the same flags', () => {
    const procfile = 'web: node --max-old-space-size=512 --max-semi-space-size=4 dist/api/main.js\nworker: node dist/worker/main.js\n';
    expect(procfileNodeFlags(procfile, 'web')).to.deep.equal(['--max-old-space-size=512', '--max-semi-space-size=4']);
    expect(procfileNodeFlags(procfile, 'worker')).to.deep.equal([]);
  });

  it('when a role is missing or not run by node then it gets no flags', () => {
    expect(procfileNodeFlags('clock: node dist/clock/main.js\n', 'web')).to.deep.equal([]);
    expect(procfileNodeFlags('worker: ./run --fast\n', 'worker')).to.deep.equal([]);
  });

  it('when the shipped Procfile is read then web and worker run with a bounded old generation', () => {
    // Below V8's 2 GB threshold its heap may grow by at most ~1.4x the live size between
    // full collections instead of 4x, which is what keeps both under their RSS budgets.
    const procfile = readFileSync('Procfile', 'utf8');
    for (const role of ['web', 'worker'] as const) {
      expect(procfileNodeFlags(procfile, role), role).to.include('--max-old-space-size=512');
    }
  });
});
