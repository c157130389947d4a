import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { rollupDay } from '../../../worker/rollup/rollupDay.js';
import type { TestEnv } from '../../helpers/services.js';
import { addRule, conversions, createProject, ev, eachTestEnv, Ingest, visitor } from './helpers.js';

const DAY = '2026-03-10';
const THANKS = 'https://shop.example/thanks';

describe('rollup: conversion rules over the limits', () => {
  let t: TestEnv;
  let ingest: Ingest;
  eachTestEnv((env) => {
    ({ t, ingest } = env);
  });

  it('when rules stored before the limits are over them then the day rolls up counting only the rules within them', async () => {
    const p = await createProject(t.pool);
    // Each of these matches the page; a match counts once per visitor, rule and session.
    const page = `${THANKS}/${'x'.repeat(600)}`;
    await addRule(t.pool, p.id, 'pattern', page);
    await addRule(t.pool, p.id, 'pattern', '*t*h*a*n*k*s*/*x*');
    await addRule(t.pool, p.id, 'prefix', THANKS);
    const v = visitor();
    await ingest.write(p, [ev.play(v, `${DAY}T09:00:00Z`, randomUUID()), ev.pageView(v, `${DAY}T09:05:00Z`, page)]);

    await rollupDay(t.pool, p.id, DAY);
    expect(await conversions(t.pool, p.id, DAY)).to.deep.equal({ 'v1/s1': 1 });
  });

  it('when a project holds more rules than its limit then only the first ones in id order count', async () => {
    const p = await createProject(t.pool);
    for (let i = 0; i < 4; i++) await addRule(t.pool, p.id, 'prefix', THANKS);
    const v = visitor();
    await ingest.write(p, [ev.play(v, `${DAY}T09:00:00Z`, randomUUID()), ev.pageView(v, `${DAY}T09:05:00Z`, THANKS)]);

    await rollupDay(t.pool, p.id, DAY, { ruleLimits: { perProject: 3, patternChars: 512 } });
    expect(await conversions(t.pool, p.id, DAY)).to.deep.equal({ 'v1/s1': 3 });
    await rollupDay(t.pool, p.id, DAY);
    expect(await conversions(t.pool, p.id, DAY)).to.deep.equal({ 'v1/s1': 4 });
  });
});
