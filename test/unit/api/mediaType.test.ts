import { expect } from 'chai';
import { HttpError } from '../../../api/http/errors.js';
import { mediaTypeOf, requireMediaType } from '../../../api/http/mediaType.js';

const accepted = ['application/json', 'text/plain'];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return err instanceof HttpError ? `${err.status} ${err.code}` : 'other';
  }
}

describe('media type check', () => {
  it('when the header has parameters or odd case then the bare type is used', () => {
    expect(mediaTypeOf('Text/Plain;charset=UTF-8')).to.equal('text/plain');
    expect(mediaTypeOf('')).to.equal(undefined);
  });

  it('when JSON or sendBeacon text with UTF-8 comes then it is accepted', () => {
    expect(requireMediaType({ 'content-type': 'application/json' }, accepted)).to.equal('application/json');
    expect(requireMediaType({ 'content-type': 'text/plain;charset=UTF-8' }, accepted)).to.equal('text/plain');
  });

  it('when the type, charset or encoding is anything else then 415', () => {
    expect(codeOf(() => requireMediaType({ 'content-type': 'multipart/form-data' }, accepted))).to.equal('415 unsupported_media_type');
    expect(codeOf(() => requireMediaType({}, accepted))).to.equal('415 unsupported_media_type');
    expect(codeOf(() => requireMediaType({ 'content-type': 'text/plain; charset="utf-16"' }, accepted))).to.equal('415 unsupported_charset');
    expect(codeOf(() => requireMediaType({ 'content-type': 'application/json', 'content-encoding': 'br' }, accepted))).to.equal(
      '415 unsupported_encoding',
    );
  });
});
