import { Agent, get } from 'node:http';
import { expect } from 'chai';
import { socketTimeouts } from '../../../api/server.js';
import { startHarness, type Harness } from './harness.js';

interface Reply {
  status: number;
  reusedSocket: boolean;
}

function getOn(agent: Agent, url: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reusedSocket: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe('web server keep-alive', function () {
  this.timeout(30_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when a client reuses its socket after 6 s idle then the server still holds it and answers', async () => {
    // One socket, kept by the client far longer than the server might.
    const agent = new Agent({ keepAlive: true, maxSockets: 1, timeout: 120_000 });
    try {
      const first = await getOn(agent, `${h.web.url}/healthz`);
      expect(first).to.deep.equal({ status: 200, reusedSocket: false });
      await new Promise((r) => setTimeout(r, 6000));
      const second = await getOn(agent, `${h.web.url}/healthz`);
      expect(second).to.deep.equal({ status: 200, reusedSocket: true });
    } finally {
      agent.destroy();
    }
  });

  it('when the keep-alive timeout is set then headers wait longer than it, and the whole request at least as long', () => {
    expect(socketTimeouts(65_000)).to.deep.equal({ keepAliveTimeout: 65_000, headersTimeout: 66_000, requestTimeout: 66_000 });
    expect(socketTimeouts(5000)).to.deep.equal({ keepAliveTimeout: 5000, headersTimeout: 6000, requestTimeout: 30_000 });
  });
});
