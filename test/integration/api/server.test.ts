import { request as httpRequest } from 'node:http';
import { expect } from 'chai';
import { ev, startHarness, type Harness } from './harness.js';

describe('web server lifecycle', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    // The web is already closed; close() is idempotent, so this cleans up the rest.
    await h.close();
  });

  it('when close() is called during a request then that request still gets its 202 and its job', async () => {
    const event = ev.pageView();
    const body = JSON.stringify({ events: [event] });
    const split = Math.floor(body.length / 2);
    const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(`${h.web.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-cuepoint-key': h.project.writeKey },
      });
      req.on('response', (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, split));
      setTimeout(() => req.end(body.slice(split)), 300);
    });
    await new Promise((r) => setTimeout(r, 100)); // the request is in flight
    const closing = h.web.close();
    const result = await answer;
    await closing;
    expect(result.status).to.equal(202);
    expect((await h.waitingJobs()).some((j) => j.events[0]?.id === event.id)).to.equal(true);

    // Closed: nothing listens any more.
    const refused = await fetch(`${h.web.url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused).to.equal(true);
  });
});
