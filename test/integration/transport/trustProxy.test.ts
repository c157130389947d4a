import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { ev, startHarness, type Answer, type Harness } from '../api/harness.js';

const SECRET = 'test-rate-limit-secret-0123456789abcdef';

/**
 * Heroku's router appends the address it saw to X-Forwarded-For, after whatever the client
 * sent: `X-Forwarded-For: <client's own claims…>, <real client>`. With TRUST_PROXY_HOPS=1
 * only that last entry may count. (ingest.rateLimit.test.ts covers a single, honest entry.)
 */
function burst(h: Harness, forwardedFor: string[]): Promise<Answer[]> {
  return Promise.all(forwardedFor.map((xff) => h.post({ events: [ev.pageView()] }, { key: h.project.writeKey, headers: { 'x-forwarded-for': xff } })));
}

const statuses = (answers: Answer[]) => answers.map((a) => a.status).sort();

describe('transport: trust proxy, one hop (Heroku)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { TRUST_PROXY_HOPS: '1', RATE_LIMIT_PER_IP: '2', RATE_LIMIT_PER_KEY: '100', RATE_LIMIT_SECRET: SECRET } });
  });
  after(async () => {
    await h.close();
  });

  it('when one client forges a different first X-Forwarded-For entry on each request then the address the router appended is limited', async () => {
    const answers = await burst(h, ['1.1.1.1, 203.0.113.10', '2.2.2.2, 203.0.113.10', '3.3.3.3, 4.4.4.4, 203.0.113.10']);
    expect(statuses(answers)).to.deep.equal([202, 202, 429]);
    expectClientError(answers.find((a) => a.status === 429)!, 429, 'rate_limited', 'ip');
  });

  it('when two clients forge the same first entry then each is limited on its own address', async () => {
    const answers = await burst(h, ['9.9.9.9, 203.0.113.20', '9.9.9.9, 203.0.113.20', '9.9.9.9, 203.0.113.21', '9.9.9.9, 203.0.113.21']);
    expect(statuses(answers)).to.deep.equal([202, 202, 202, 202]);
  });
});

describe('transport: trust proxy off (the default)', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ env: { RATE_LIMIT_PER_IP: '2', RATE_LIMIT_PER_KEY: '100', RATE_LIMIT_SECRET: SECRET } });
  });
  after(async () => {
    await h.close();
  });

  it('when no proxy is trusted then X-Forwarded-For is ignored: requests claiming different addresses share the socket address limit', async () => {
    const answers = await burst(h, ['198.51.100.1', '198.51.100.2', '198.51.100.3']);
    expect(statuses(answers)).to.deep.equal([202, 202, 429]);
  });
});
