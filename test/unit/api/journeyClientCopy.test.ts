import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { clientCopy } from '../../../api/journeys/clientCopy.js';
import type { IngestEvent } from '../../../shared/events/schema.js';

const base = { id: randomUUID(), ts: Date.now(), visitorId: randomUUID(), sessionId: randomUUID() };
const asEvent = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as unknown as IngestEvent;

describe('journeys: the copy of a client event', () => {
  it('when a page view carries a query string then the copy keeps only campaign tags and allowlisted parameters, and the title under props', () => {
    const copy = clientCopy(asEvent({ type: 'page_view', url: 'https://Shop.example/p?email=ann@example.com&utm_source=news&ref=x#top', title: 'Spring' }), ['ref']);
    expect(copy).to.deep.equal({ sessionId: base.sessionId, url: 'https://shop.example/p?utm_source=news&ref=x', props: { title: 'Spring' } });
  });

  it('when a click and a form submit are copied then contract fields keep their names and the rest goes under props', () => {
    const click = clientCopy(asEvent({ type: 'click', videoId: 'intro', slotId: 'home', target: 'cta', label: 'Book' }), []);
    expect(click).to.include({ videoId: 'intro', slotId: 'home', target: 'cta', label: 'Book' });
    expect(click).to.not.have.property('props');
    const form = clientCopy(asEvent({ type: 'form_submit', formId: 'booking', fields: ['name'], outcome: 'success' }), []);
    expect(form.props).to.deep.equal({ formId: 'booking', fields: ['name'], outcome: 'success' });
  });

  it('when a custom event has props then they are merged at the top of props, as the worker stores them, and a __proto__ key stays data', () => {
    const props = JSON.parse('{"step":2,"__proto__":{"polluted":true}}') as Record<string, unknown>;
    const copy = clientCopy(asEvent({ type: 'custom', name: 'quiz', props }), []);
    expect(copy.name).to.equal('quiz');
    expect(Object.keys(copy.props ?? {})).to.deep.equal(['step', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });
});
