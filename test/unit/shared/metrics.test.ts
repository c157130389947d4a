import { expect } from 'chai';
import { additiveAt, aggregateAt, distinctAt, figuresOf, metricsAt, ratiosAt, zeroDistincts, zeroSums } from '../../../shared/metrics/levels.js';
import { METRICS } from '../../../shared/metrics/registry.js';
import { insertDayMetricsSql } from '../../../worker/rollup/metricsSql.js';

describe('metric registry', () => {
  it('when figures are registered then names, columns and set kinds are each used once', () => {
    const names = METRICS.map((m) => m.name);
    expect(new Set(names).size).to.equal(names.length);
    const columns = METRICS.flatMap((m) => (m.kind === 'additive' ? [m.column] : []));
    expect(new Set(columns).size).to.equal(columns.length);
    const kinds = METRICS.flatMap((m) => (m.kind === 'distinct' ? [m.setKind] : []));
    expect(new Set(kinds).size).to.equal(kinds.length);
  });

  it('when a ratio is registered then both of its figures are registered sums or counts', () => {
    const figures = new Set(METRICS.filter((m) => m.kind !== 'ratio').map((m) => m.name));
    for (const m of METRICS) if (m.kind === 'ratio') expect([figures.has(m.numerator), figures.has(m.denominator)], m.name).to.deep.equal([true, true]);
  });

  it('when levels are asked for then a video has what its slots have, impressions and opens (and so playRate) included', () => {
    expect(metricsAt('video').map((m) => m.name)).to.deep.equal(metricsAt('slot').map((m) => m.name));
    expect(ratiosAt('project').map((m) => m.name)).to.include('playRate');
    expect(ratiosAt('video').map((m) => m.name)).to.include('playRate');
    expect(additiveAt('project').map((m) => m.name)).to.include.members(['impressions', 'opens', 'interactions']);
    expect(additiveAt('video').map((m) => m.name)).to.include.members(['impressions', 'opens']);
    expect(distinctAt('project').map((m) => m.name)).to.include.members(['openers', 'converters', 'viewers']);
    expect(distinctAt('slot').map((m) => m.name)).to.have.members(['viewers', 'converters']);
  });

  it('when interactions are generated per slot then only clicks count there, while the project also counts opens and form submits', () => {
    const interactions = additiveAt('slot').find((m) => m.name === 'interactions')!;
    expect(aggregateAt(interactions, 'slot')).to.equal(`count(*) filter (where type = 'click')`);
    expect(aggregateAt(interactions, 'project')).to.include('widget_open');
    expect(insertDayMetricsSql('slot')).to.include(`count(*) filter (where type = 'click')::bigint as interactions`);
    expect(insertDayMetricsSql('project')).to.include(`'widget_open', 'click', 'form_submit'))::bigint as interactions`);
  });

  it('when site figures are registered then sessions are summed per start day from day_sessions, never a set', () => {
    const project = additiveAt('project');
    expect(project.filter((m) => m.source === 'sessions').map((m) => m.name)).to.deep.equal([
      'sessions', 'bounces', 'sessionSeconds', 'sessionPages', 'newSessions', 'returningSessions',
    ]);
    expect(project.find((m) => m.name === 'pageviews')?.source).to.equal('events');
    expect(distinctAt('project').map((m) => m.name)).to.not.include('sessions');
    expect(additiveAt('slot').map((m) => m.source)).to.not.include('sessions');
    expect(insertDayMetricsSql('project')).to.include('from day_sessions');
    expect(insertDayMetricsSql('slot')).to.not.include('day_sessions');
  });

  it('when sessions are given then bounceRate, avgSessionSeconds and pagesPerSession divide range sums', () => {
    const none = figuresOf('project', zeroSums('project'), zeroDistincts('project'));
    expect([none.bounceRate, none.avgSessionSeconds, none.pagesPerSession]).to.deep.equal([null, null, null]);
    const m = figuresOf('project', { ...zeroSums('project'), sessions: 4, bounces: 1, sessionSeconds: 90, sessionPages: 10 }, zeroDistincts('project'));
    expect(m).to.include({ bounceRate: 0.25, avgSessionSeconds: 22.5, pagesPerSession: 2.5 });
  });

  it('when a denominator is 0 then the ratio is null, never NaN or Infinity', () => {
    const p = figuresOf('project', zeroSums('project'), zeroDistincts('project'));
    expect([p.playRate, p.completionRate, p.ctr, p.cvr, p.avgWatchSeconds]).to.deep.equal([null, null, null, null, null]);
    const v = figuresOf('video', zeroSums('video'), zeroDistincts('video'));
    expect([v.completionRate, v.ctr, v.cvr, v.avgWatchSeconds]).to.deep.equal([null, null, null, null]);
  });

  it('when figures are given then ratios divide range figures and cvr is converters per viewer', () => {
    const m = figuresOf(
      'project',
      { ...zeroSums('project'), opens: 8, plays: 4, reach100: 1, ctaClicks: 2, conversions: 3, watchSeconds: 10 },
      { ...zeroDistincts('project'), viewers: 2, converters: 1 },
    );
    expect(m).to.include({ playRate: 0.5, completionRate: 0.25, ctr: 0.5, cvr: 0.5, avgWatchSeconds: 2.5, viewers: 2, conversions: 3 });
  });

  it('when the day insert is generated then every stored column of the level is written once, by name', () => {
    for (const level of ['project', 'slot'] as const) {
      const sql = insertDayMetricsSql(level);
      const head = /\(project_id, day, ([^)]*)\)/.exec(sql)?.[1]?.split(', ') ?? [];
      const expected = [...(level === 'slot' ? ['video_id', 'slot_id'] : []), 'is_bot', ...additiveAt(level).map((m) => m.column)];
      expect(head).to.deep.equal(expected);
    }
  });
});
