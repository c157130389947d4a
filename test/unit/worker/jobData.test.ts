import { expect } from 'chai';
import { asPayload, parseJobData, projectIdOf } from '../../../worker/jobData.js';
import { baseEvent, jobContext } from './fixtures.js';

describe('worker: job data', () => {
  it('when the job is a v1 ingest job then its context and events are split', () => {
    const ctx = jobContext({ fromServer: false });
    const parsed = parseJobData({ ...ctx, events: [baseEvent('impression')] });
    expect(parsed.ok).to.equal(true);
    if (!parsed.ok) return;
    expect(parsed.context).to.deep.equal(ctx);
    expect(parsed.events).to.have.length(1);
  });

  it('when a job carries fromServer then it is kept, and a job of an older API without it reads as false', () => {
    const server = parseJobData({ ...jobContext({ fromServer: true }), events: [] });
    expect(server.ok && server.context.fromServer).to.equal(true);
    const older = parseJobData({ ...jobContext(), events: [] });
    expect(older.ok && older.context.fromServer).to.equal(false);
    const wrong = parseJobData({ ...jobContext(), fromServer: 'yes', events: [] });
    expect(!wrong.ok && wrong.reason).to.match(/fromServer/);
  });

  it('when the version is not 1 then the job is refused with a reason and its project', () => {
    const ctx = jobContext();
    const parsed = parseJobData({ ...ctx, v: 2, events: [] });
    expect(parsed).to.deep.include({ ok: false, projectId: ctx.projectId });
    expect(!parsed.ok && parsed.reason).to.match(/^malformed job: v /);
  });

  it('when fields are missing or mistyped then the reason names the first one', () => {
    const parsed = parseJobData({ ...jobContext(), timezone: 'Mars/Olympus', events: [] });
    expect(!parsed.ok && parsed.reason).to.match(/timezone/);
    expect(parseJobData('hello')).to.deep.include({ ok: false, projectId: null });
    expect(parseJobData(null)).to.deep.include({ ok: false, projectId: null });
  });

  it('when a malformed payload is not an object then it is wrapped to be kept as a dead letter', () => {
    expect(asPayload('x')).to.deep.equal({ data: 'x' });
    expect(asPayload([1])).to.deep.equal({ data: [1] });
    expect(projectIdOf({ projectId: 'nope' })).to.equal(null);
  });
});
