import type { JobContext } from '../../../worker/normalize/types.js';

export const CHROME_DESKTOP =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
export const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
export const IPAD_SAFARI =
  'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';
export const HEADLESS_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36';

export const RECEIVED_AT = Date.parse('2026-03-01T12:00:00.000Z');

export function jobContext(overrides: Partial<JobContext> = {}): JobContext {
  return {
    v: 1,
    projectId: '0b9f3c1e-54a2-4d6e-9a43-6f1f4f5f2a10',
    timezone: 'Asia/Tokyo',
    receivedAt: RECEIVED_AT,
    sentAt: null,
    context: { userAgent: CHROME_DESKTOP, country: 'JP', region: null, city: null, latitude: null, longitude: null, language: null, ipPrefix: '203.0.113.0' },
    queryAllowlist: [],
    ...overrides,
  };
}

export const IDS = {
  event: '11111111-1111-4111-8111-111111111111',
  visitor: '22222222-2222-4222-8222-222222222222',
  session: '33333333-3333-4333-8333-333333333333',
  play: '44444444-4444-4444-8444-444444444444',
};

export function baseEvent(type: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: IDS.event, type, ts: RECEIVED_AT - 1000, visitorId: IDS.visitor, sessionId: IDS.session, ...fields };
}
