import { expect } from 'chai';
import { expectClientError } from '../api/assertions.js';
import { startHarness, type Harness } from '../api/harness.js';

describe('retention settings in the admin API', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ projects: [{ name: 'Shop', timezone: 'Europe/Berlin', allowedOrigins: ['https://a.example'] }] });
  });
  after(async () => {
    await h.close();
  });

  it('when a project is read then it shows 90 days of retention and no pruned day yet', async () => {
    const answer = await h.admin('GET', '/project');
    expect(answer.status).to.equal(200);
    expect(answer.json).to.include({ retentionDays: 90, rawKeptFrom: null });
  });

  it('when retentionDays is patched within bounds then it is stored and returned', async () => {
    const answer = await h.admin('PATCH', '/project', { retentionDays: 400 });
    expect(answer.status).to.equal(200);
    expect(answer.json).to.include({ retentionDays: 400 });
    expect((await h.admin('GET', '/project')).json.retentionDays).to.equal(400);
  });

  it('when retentionDays is below 31, above 3650 or not a whole number then 400 naming it', async () => {
    for (const retentionDays of [30, 3651, 45.5, '60', null]) {
      expectClientError(await h.admin('PATCH', '/project', { retentionDays }), 400, 'invalid_field', 'retentionDays');
    }
    expect((await h.admin('GET', '/project')).json.retentionDays).to.equal(400);
  });

  it('when retentionDays would not exceed the conversion window then 400 naming the field the request changed', async () => {
    await h.admin('PATCH', '/project', { retentionDays: 60, conversionWindowDays: 30 });
    const retention = expectClientError(await h.admin('PATCH', '/project', { retentionDays: 40, conversionWindowDays: 40 }), 400, 'invalid_field', 'retentionDays');
    expect(retention.message).to.equal('retentionDays must be greater than conversionWindowDays (40)');
    const windowDays = expectClientError(await h.admin('PATCH', '/project', { conversionWindowDays: 60 }), 400, 'invalid_field', 'conversionWindowDays');
    expect(windowDays.message).to.equal('conversionWindowDays must be less than retentionDays (60)');
    expect((await h.admin('GET', '/project')).json).to.include({ retentionDays: 60, conversionWindowDays: 30 });
  });

  it('when rawKeptFrom is patched then 400 naming it as immutable', async () => {
    const error = expectClientError(await h.admin('PATCH', '/project', { rawKeptFrom: null }), 400, 'invalid_field', 'rawKeptFrom');
    expect(error.message).to.match(/immutable/);
  });
});
