import { expect } from 'chai';
import { keyPrefix } from '../../../shared/keys.js';
import { startHarness, type Harness } from './harness.js';

describe('admin: revoking admin keys concurrently', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h.close();
  });

  it('when the last two admin keys are revoked at once then one revocation is refused and one admin key remains', async () => {
    const rotated = await h.admin('POST', '/keys/admin/rotate', { revokePrevious: false });
    expect(rotated.status).to.equal(201);
    const second = rotated.json.key as string;
    const prefixes = [keyPrefix(h.project.adminKey), keyPrefix(second)];

    // Each key revokes the other, at the same moment.
    const answers = await Promise.all([
      h.admin('DELETE', `/keys/${prefixes[1]!}`, undefined, h.project.adminKey),
      h.admin('DELETE', `/keys/${prefixes[0]!}`, undefined, second),
    ]);
    expect(answers.map((a) => a.status).sort()).to.deep.equal([204, 409]);
    const { rows } = await h.t.pool.query<{ n: string }>(
      `select count(*) as n from api_keys where project_id = $1 and kind = 'admin' and revoked_at is null`,
      [h.project.projectId],
    );
    expect(Number(rows[0]!.n)).to.equal(1);
  });
});
