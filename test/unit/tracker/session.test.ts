import { expect } from 'chai';
import { formatStamped, identify, nextSession, nextVisitor, parseStamped, SESSION_IDLE_MS, uuidFromBytes, VISITOR_TTL_MS } from '../../../tracker/src/core/session.js';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('tracker: visitor and session ids', () => {
  let n = 0;
  const newId = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const t0 = 1_800_000_000_000;

  it('when nothing is stored then a new session starts', () => {
    const s = nextSession(null, t0, newId);
    expect(s.t).to.equal(t0);
    expect(parseStamped(formatStamped(s))).to.deep.equal(s);
  });

  it('when events come less than 30 minutes apart then the session id is kept, even for hours', () => {
    let s = nextSession(null, t0, newId);
    const first = s.id;
    for (let i = 1; i <= 10; i++) s = nextSession(formatStamped(s), t0 + i * (SESSION_IDLE_MS - 1), newId);
    expect(s.id).to.equal(first);
  });

  it('when 30 minutes pass without events then the session id is renewed', () => {
    const s = nextSession(null, t0, newId);
    expect(nextSession(formatStamped(s), t0 + SESSION_IDLE_MS - 1, newId).id).to.equal(s.id);
    expect(nextSession(formatStamped(s), t0 + SESSION_IDLE_MS, newId).id).to.not.equal(s.id);
  });

  it('when the stored value is junk then a new id is made', () => {
    expect(nextSession('garbage', t0, newId).id).to.match(/^00000000-/);
    expect(nextSession('', t0, newId).t).to.equal(t0);
  });

  it('when ids are asked before any event then they are made, and the next event within 30 minutes carries the same ones', () => {
    const asked = identify(null, null, t0, newId);
    const stored = { visitor: formatStamped(asked.visitor), session: formatStamped(asked.session) };
    const event = identify(stored.visitor, stored.session, t0 + SESSION_IDLE_MS - 1, newId);
    expect(event.visitor.id).to.equal(asked.visitor.id);
    expect(event.session.id).to.equal(asked.session.id);
    expect(asked.visitor.id).to.not.equal(asked.session.id);
  });

  it('when ids are asked after a 30-minute pause then the session is a new one and the visitor the same', () => {
    const first = identify(null, null, t0, newId);
    const later = identify(formatStamped(first.visitor), formatStamped(first.session), t0 + SESSION_IDLE_MS, newId);
    expect(later.visitor.id).to.equal(first.visitor.id);
    expect(later.session.id).to.not.equal(first.session.id);
  });

  it('when a visitor returns within 540 days then the id is kept, after that renewed', () => {
    const v = nextVisitor(null, t0, newId);
    expect(nextVisitor(formatStamped(v), t0 + VISITOR_TTL_MS - 1, newId).id).to.equal(v.id);
    expect(nextVisitor(formatStamped(v), t0 + VISITOR_TTL_MS, newId).id).to.not.equal(v.id);
    expect(VISITOR_TTL_MS).to.equal(540 * 86_400_000);
  });

  it('when random bytes are turned into an id then it is a version 4 UUID', () => {
    expect(uuidFromBytes(new Uint8Array(16).fill(255))).to.match(UUID_RE);
    expect(uuidFromBytes(new Uint8Array(16))).to.match(UUID_RE);
  });
});
