import { expect } from 'chai';
import { ToDeadLetter } from '../../../../worker/normalize/toDeadLetter.js';
import { normalizeEvent } from '../../../../worker/normalize/pipeline.js';
import type { NormalizedEvent } from '../../../../worker/normalize/types.js';
import { baseEvent, HEADLESS_CHROME, IDS, IPHONE_SAFARI, jobContext, RECEIVED_AT } from '../fixtures.js';

const OPTIONS = { maxEventAgeMs: 90 * 86_400_000 };

function normalized(raw: unknown, job = jobContext()): NormalizedEvent {
  const r = normalizeEvent(raw, job, OPTIONS);
  if (r instanceof ToDeadLetter) throw new Error(`unexpected dead letter: ${r.describe()}`);
  return r;
}

describe('normalize: pipeline', () => {
  it('when a page_view arrives then every column of the row is filled from the event and the job', () => {
    const job = jobContext({ sentAt: RECEIVED_AT - 60_000, queryAllowlist: ['sku'] });
    const row = normalized(
      baseEvent('page_view', {
        ts: RECEIVED_AT - 61_000,
        url: 'https://Shop.example/Item?sku=1&utm_source=ig&fbclid=zz#reviews',
        referrer: 'https://l.instagram.com/?u=x',
        title: 'Item',
        color: 'red',
      }),
      job,
    );
    expect(row).to.deep.equal({
      project_id: job.projectId,
      event_id: IDS.event,
      type: 'page_view',
      occurred_at: new Date(RECEIVED_AT - 1000),
      client_ts: new Date(RECEIVED_AT - 61_000),
      received_at: new Date(RECEIVED_AT),
      visitor_id: IDS.visitor,
      session_id: IDS.session,
      play_id: null,
      video_id: null,
      slot_id: null,
      to_slot_id: null,
      percent: null,
      seconds: null,
      target: null,
      label: null,
      url: 'https://shop.example/Item?sku=1&utm_source=ig',
      page_key: 'https://shop.example/Item',
      url_host: 'shop.example',
      url_path: '/Item',
      referrer: 'https://l.instagram.com/',
      referrer_host: 'l.instagram.com',
      referrer_class: 'social',
      referrer_source: 'social',
      referrer_platform: 'instagram',
      utm_source: 'ig',
      utm_medium: null,
      utm_campaign: null,
      utm_term: null,
      utm_content: null,
      conversion_type: null,
      value: null,
      currency: null,
      order_id: null,
      name: null,
      browser: 'Chrome',
      browser_version: '120.0.0.0',
      os: 'Windows',
      device: 'desktop',
      language: null,
      screen_class: null,
      country: 'JP',
      region: null,
      city: null,
      latitude: null,
      longitude: null,
      ip_prefix: '203.0.113.0',
      time_on_page_ms: null,
      max_scroll_percent: null,
      range_from: null,
      range_to: null,
      media_duration: null,
      is_bot: false,
      props: { title: 'Item', color: 'red' },
      from_server: false,
    } satisfies NormalizedEvent);
  });

  it('when the job came with the server key then its events are marked from_server, and older jobs without the flag are not', () => {
    const conversion = baseEvent('conversion', { conversionType: 'purchase', value: 10, currency: 'EUR', orderId: 'ORD-1' });
    expect(normalized(conversion, jobContext({ fromServer: true })).from_server).to.equal(true);
    const { fromServer: _omitted, ...older } = jobContext({ fromServer: true });
    expect(normalized(conversion, older).from_server).to.equal(false);
  });

  it('when a video event arrives then it has no url or referrer columns', () => {
    const row = normalized(baseEvent('video_time', { videoId: 'v', slotId: 's', playId: IDS.play, seconds: 4.25 }));
    expect(row).to.include({ seconds: 4.25, url: null, page_key: null, referrer_class: null, play_id: IDS.play });
  });

  it('when a video_time carries its played range then from and to fill range columns, not props', () => {
    const row = normalized(baseEvent('video_time', { videoId: 'v', slotId: 's', playId: IDS.play, seconds: 3, from: 10, to: 13.5 }));
    expect(row).to.include({ seconds: 3, range_from: 10, range_to: 13.5, props: null });
  });

  it('when a video_play carries its duration then it fills media_duration', () => {
    expect(normalized(baseEvent('video_play', { videoId: 'v', slotId: 's', playId: IDS.play, duration: 61.2 }))).to.include({ media_duration: 61.2, props: null });
  });

  it('when a replayed video_time has from without to, or to before from, then it goes to dead letters', () => {
    expect(normalizeEvent(baseEvent('video_time', { videoId: 'v', slotId: 's', playId: IDS.play, seconds: 3, from: 10 }), jobContext(), OPTIONS)).to.be.instanceOf(ToDeadLetter);
    expect(normalizeEvent(baseEvent('video_time', { videoId: 'v', slotId: 's', playId: IDS.play, seconds: 3, from: 10, to: 9 }), jobContext(), OPTIONS)).to.be.instanceOf(ToDeadLetter);
  });

  it('when the page_view has no referrer then its class and source are direct', () => {
    expect(normalized(baseEvent('page_view', { url: 'https://a.example/' }))).to.include({ referrer_class: 'direct', referrer_source: 'direct', referrer_platform: null });
  });

  it('when an event is not a page view then it has no referrer source or platform, even with a referrer field', () => {
    const row = normalized(baseEvent('impression', { url: 'https://a.example/', referrer: 'https://www.google.com/' }));
    expect(row).to.include({ referrer_class: null, referrer_source: null, referrer_platform: null });
  });

  it('when a page_exit arrives then its page key, clamped time on page and scroll depth are stored, and its hints stay out of props', () => {
    const row = normalized(
      baseEvent('page_exit', { url: 'https://a.example/x?y=1', timeOnPageMs: 3 * 86_400_000, maxScrollPercent: 62.5, language: 'pt-BR', screenWidth: 390, touchPoints: 5 }),
    );
    expect(row).to.include({ page_key: 'https://a.example/x', time_on_page_ms: 86_400_000, max_scroll_percent: 62.5, language: 'pt', screen_class: 'mobile' });
    expect(row.props).to.equal(null);
    expect(normalized(baseEvent('page_exit', { url: 'https://a.example/' }))).to.include({ time_on_page_ms: null, max_scroll_percent: null });
  });

  it('when the event has no language hint then the job context\'s language is used', () => {
    const context = { ...jobContext().context, language: 'ja' };
    expect(normalized(baseEvent('impression', { url: 'https://a.example/' }), jobContext({ context })).language).to.equal('ja');
    expect(normalized(baseEvent('impression', { url: 'https://a.example/', language: 'EN-us' }), jobContext({ context })).language).to.equal('en');
  });

  it('when a Mac user agent reports several touch points then it is an iPad: a tablet', () => {
    const mac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15';
    const context = { ...jobContext().context, userAgent: mac };
    expect(normalized(baseEvent('impression', { url: 'https://a.example/', touchPoints: 5 }), jobContext({ context })).device).to.equal('tablet');
    expect(normalized(baseEvent('impression', { url: 'https://a.example/', touchPoints: 0 }), jobContext({ context })).device).to.equal('desktop');
    expect(normalized(baseEvent('impression', { url: 'https://a.example/' }), jobContext({ context })).device).to.equal('desktop');
  });

  it('when a device hint has the wrong type then the event goes to dead letters', () => {
    expect(normalizeEvent(baseEvent('impression', { url: 'https://a.example/', screenWidth: 'wide' }), jobContext(), OPTIONS)).to.deep.equal(
      new ToDeadLetter('malformed', 'screenWidth'),
    );
    expect(normalizeEvent(baseEvent('page_exit', { url: 'https://a.example/', timeOnPageMs: '5' }), jobContext(), OPTIONS)).to.deep.equal(
      new ToDeadLetter('malformed', 'timeOnPageMs'),
    );
  });

  it('when the user agent is a headless browser then the row is kept and flagged as a bot', () => {
    const row = normalized(baseEvent('impression', { url: 'https://a.example/' }), jobContext({ context: { userAgent: HEADLESS_CHROME, country: null, ipPrefix: null } }));
    expect(row.is_bot).to.equal(true);
    expect(row.country).to.equal(null);
  });

  it('when the user agent is an iPhone then browser, os and device say so', () => {
    const row = normalized(baseEvent('widget_open', { url: 'https://a.example/' }), jobContext({ context: { userAgent: IPHONE_SAFARI, country: 'US', ipPrefix: null } }));
    expect(row).to.include({ browser: 'Mobile Safari', os: 'iOS', device: 'mobile', is_bot: false });
  });

  it('when a step refuses the event then the pipeline returns that drop', () => {
    expect(normalizeEvent(baseEvent('impression', { url: 'ftp://a.example/' }), jobContext(), OPTIONS)).to.deep.equal(new ToDeadLetter('invalid_url', 'url'));
    expect(normalizeEvent(baseEvent('impression', { url: 'https://a/', ts: RECEIVED_AT + 2 * 3_600_000 }), jobContext(), OPTIONS)).to.deep.equal(
      new ToDeadLetter('ts_future', 'ts'),
    );
  });
});
