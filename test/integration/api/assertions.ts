import { expect } from 'chai';
import type { Answer } from './harness.js';

interface ErrorShape {
  code: string;
  message: string;
  field?: string;
}

export function errorOf(answer: Answer): ErrorShape {
  expect(answer.json, 'a JSON error body').to.have.property('error');
  return answer.json.error as ErrorShape;
}

/** A 4xx with our JSON error shape, the expected code and the field at fault. */
export function expectClientError(answer: Answer, status: number, code: string, field?: string): ErrorShape {
  expect(answer.status, JSON.stringify(answer.json)).to.equal(status);
  const error = errorOf(answer);
  expect(error.code).to.equal(code);
  expect(error.message).to.be.a('string').and.not.match(/\bat .+:\d+:\d+|select |insert /i);
  if (field !== undefined) expect(error.field).to.equal(field);
  return error;
}

export interface RejectionShape {
  index: number;
  field: string;
  reason: string;
}

/** A batch of one bad event: 400 with the rejection naming the field. */
export function expectRejected(answer: Answer, field: string, reason?: RegExp): RejectionShape {
  expectClientError(answer, 400, 'no_valid_events', 'events');
  expect(answer.json.accepted).to.equal(0);
  const rejected = answer.json.rejected as RejectionShape[];
  expect(rejected).to.have.length(1);
  const r = rejected[0]!;
  expect(r.index).to.equal(0);
  expect(r.field).to.equal(field);
  if (reason) expect(r.reason).to.match(reason);
  return r;
}
