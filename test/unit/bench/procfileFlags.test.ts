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

});
