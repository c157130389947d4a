import { expect } from 'chai';
import { DEVICE_BY, DIMENSIONS, joinValue, PLACE_BY, splitValue, dimensionNamed, VIDEO_BY, VIDEO_DIMENSIONS } from '../../../../shared/breakdowns/dimensions.js';
import { distinctAt } from '../../../../shared/metrics/levels.js';
import { BREAKDOWN_SETS_SQL, DAY_DIM_RAW_SQL, parseDaySelect } from '../../../../worker/rollup/breakdownSql.js';

describe('breakdowns: dimensions and their SQL', () => {
  it('when every distinct figure of the registry is taken apart then each names its member column and staged table', () => {
    for (const metric of [...distinctAt('project'), ...distinctAt('video')]) {
      const { member, table } = parseDaySelect(metric);
      expect(['visitor_id', 'session_id'], metric.name).to.include(member);
      expect(table, metric.name).to.match(/^day_/);
    }
    const kinds = [...distinctAt('project'), ...distinctAt('video')].map((m) => `select ${m.setKind}::int2 as kind`);
    for (const kind of kinds) expect(BREAKDOWN_SETS_SQL).to.include(kind);
    expect(BREAKDOWN_SETS_SQL.split(/\bunion all\b/).length).to.equal(kinds.length);
  });

  it('when a day select has another form then it is refused rather than left out', () => {
    const odd = { ...distinctAt('project')[0]!, daySelect: 'select distinct is_bot, visitor_id as member from day_events' };
    expect(() => parseDaySelect(odd)).to.throw(/cannot be broken down/);
  });

  it('when a compound value is split then each field comes back, a separator inside a field cannot shift them, and (other) fills every field', () => {
    const platform = dimensionNamed('platform');
    expect(splitValue(platform, joinValue(['social', 'x']))).to.deep.equal({ source: 'social', platform: 'x' });
    expect(splitValue(platform, joinValue(['search', null]))).to.deep.equal({ source: 'search', platform: '(none)' });
    const campaign = dimensionNamed('campaign');
    expect(splitValue(campaign, joinValue(['a\u001fb', '', 'c']))).to.deep.equal({ source: 'a\ufffdb', medium: '(none)', campaign: 'c' });
    expect(splitValue(campaign, '(other)')).to.deep.equal({ source: '(other)', medium: '(other)', campaign: '(other)' });
  });

  it('when the answers name their dimensions then each is a known one, and videos?by= offers exactly the per-video ones', () => {
    const names = DIMENSIONS.map((d) => d.name);
    for (const name of [...DEVICE_BY, ...PLACE_BY, ...VIDEO_BY]) expect(names).to.include(name);
    expect([...VIDEO_BY]).to.deep.equal(VIDEO_DIMENSIONS.map((d) => d.name));
  });

  it('when the dims are staged then every dimension has its row per session', () => {
    for (const d of DIMENSIONS) expect(DAY_DIM_RAW_SQL).to.include(`('${d.name}', `);
  });
});
