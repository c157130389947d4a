import { expect } from 'chai';
import fc from 'fast-check';
import { redactPayload } from '../../../../worker/deadLetterRedaction.js';
import { boundKey, cutAddress } from '../../../../shared/events/storedText.js';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../../worker/normalize/types.js';
import { baseEvent, IDS, jobContext } from '../fixtures.js';

const OPTIONS = { maxEventAgeMs: 90 * 86_400_000 };

/** 2,000 varied CJK characters: within the contract's 2 KB, ~18 KB once percent-encoded. */
const CJK_PATH = Array.from({ length: 2000 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7919) % 20_000))).join('');

function normalized(raw: unknown, job = jobContext()): NormalizedEvent {
  const r = normalizeEvent(raw, job, OPTIONS);
  if (r instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${r.describe()}`);
  return r;
}

describe('normalize: bounds', () => {
  it('when a key is within its cap then it is kept as it is', () => {
    expect(boundKey('https://shop.example/a', 512)).to.equal('https://shop.example/a');
    expect(boundKey('x'.repeat(512), 512)).to.equal('x'.repeat(512));
  });

  it('when a key is over its cap then it keeps its start, a cut mark and a hash, exactly the cap long', () => {
    const key = `https://shop.example/${'a'.repeat(600)}`;
    const bounded = boundKey(key, 512);
    expect(bounded).to.have.length(512);
    expect(bounded).to.match(/^https:\/\/shop\.example\/a+…[0-9a-f]{16}$/);
    expect(boundKey(key, 512)).to.equal(bounded);
  });

  it('when two long keys share their first 512 characters then their bounded keys differ', () => {
    const start = `https://shop.example/${'a'.repeat(600)}`;
    expect(boundKey(`${start}/1`, 512)).to.not.equal(boundKey(`${start}/2`, 512));
  });

  it('when a cut would fall inside a %XX escape or a surrogate pair then it falls before it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '%', 'E', '😀'), minLength: 20, maxLength: 60 }), fc.integer({ min: 5, max: 19 }), (text, max) => {
        const address = `%E6%97%A5${text}`;
        const cut = cutAddress(address, max);
        expect(address.startsWith(cut)).to.equal(true);
        expect(cut.length).to.be.within(max - 3, max);
        for (const m of address.matchAll(/%[0-9A-F]{2}/g)) expect(cut.length <= m.index || cut.length >= m.index + 3, `cut at ${cut.length}`).to.equal(true);
        expect(cut.isWellFormed()).to.equal(true);
        expect(boundKey(address, max + 17).isWellFormed()).to.equal(true);
      }),
    );
  });

  it('when a widget_open URL of 2,000 CJK characters is normalized then page key, URL and path are bounded and the key starts like the page', () => {
    const row = normalized(baseEvent('widget_open', { url: `https://Shop.example/${CJK_PATH}?utm_source=${CJK_PATH.slice(0, 300)}` }));
    expect(row.page_key).to.have.length.at.most(512);
    expect(row.page_key?.startsWith('https://shop.example/%E4%B8%80')).to.equal(true);
    expect(row.url).to.have.length.at.most(2048);
    expect(row.url_path).to.have.length.at.most(2048);
    expect(row.utm_source).to.have.length.at.most(256);
    expect(row.url?.startsWith('https://shop.example/%E4%B8%80')).to.equal(true);
  });

  it('when a dead letter of a long address is replayed then it normalizes to the same row', () => {
    const raw = baseEvent('page_view', { url: `https://shop.example/${CJK_PATH}?utm_campaign=x&secret=1`, referrer: `https://other.example/${CJK_PATH}` });
    const job = jobContext();
    const [replayed] = redactPayload({ ...job, events: [raw] }).events as unknown[];
    expect(normalized(replayed, job)).to.deep.equal(normalized(raw, job));
  });

  it('when a text field is longer than the contract allows then the event is dropped naming its column', () => {
    const r = normalizeEvent(baseEvent('conversion', { conversionType: 'x'.repeat(257) }), jobContext(), OPTIONS);
    expect(r).to.deep.equal(new ToDeadLetter('too_long', 'conversion_type'));
    const currency = normalizeEvent(baseEvent('conversion', { conversionType: 'buy', value: 1, currency: 'EURO' }), jobContext(), OPTIONS);
    expect(currency).to.deep.equal(new ToDeadLetter('too_long', 'currency'));
  });

  it('when watch seconds are outside the contract then the event is dropped as out_of_range, since their sum could overflow', () => {
    const play = { videoId: 'v', slotId: 's', playId: IDS.play };
    expect(normalizeEvent(baseEvent('video_time', { ...play, seconds: 1e300 }), jobContext(), OPTIONS)).to.deep.equal(new ToDeadLetter('out_of_range', 'seconds'));
    expect(normalizeEvent(baseEvent('video_time', { ...play, seconds: -1 }), jobContext(), OPTIONS)).to.deep.equal(new ToDeadLetter('out_of_range', 'seconds'));
    expect(normalized(baseEvent('video_time', { ...play, seconds: 86_400 })).seconds).to.equal(86_400);
  });

  it('when a catalog id holds a character the contract refuses then the event is dropped', () => {
    const r = normalizeEvent(baseEvent('video_play', { videoId: 'v\u001f1', slotId: 's', playId: IDS.play }), jobContext(), OPTIONS);
    expect(r).to.deep.equal(new ToDeadLetter('malformed', 'videoId'));
  });
});
