import { expect } from 'chai';
import { primaryLanguage } from '../../../api/ingest/language.js';

describe('primary language of Accept-Language', () => {
  it('when ranges are weighted then the primary subtag of the most preferred one is taken, lowercased', () => {
    expect(primaryLanguage('de-CH, de;q=0.9, en;q=0.8')).to.equal('de');
    expect(primaryLanguage('en;q=0.5, PT-br;q=0.9')).to.equal('pt');
    expect(primaryLanguage('zh-Hant-TW')).to.equal('zh');
    expect(primaryLanguage('fil')).to.equal('fil');
  });

  it('when there is no usable range then the language is null', () => {
    for (const header of [undefined, '', '*', 'x-klingon', 'english', 'e1', 'fr;q=0', ' , ;q=1']) {
      expect(primaryLanguage(header), String(header)).to.equal(null);
    }
  });

  it('when the most preferred range is a wildcard then the language is null, even with others listed', () => {
    expect(primaryLanguage('*, fr;q=0.5')).to.equal(null);
  });
});
