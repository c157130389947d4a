import { expect } from 'chai';
import fc from 'fast-check';
import { boundKey } from '../../../shared/events/storedText.js';
import { normalizePageUrl } from '../../../worker/normalize/url.js';
import { compileRules, pageKeyOf } from '../../../shared/rules/compile.js';
import { globToLike } from '../../helpers/globToLike.js';

/** LIKE with ESCAPE '\' as PostgreSQL evaluates it, to check the translation without a database. */
function like(value: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern.charAt(i);
    if (ch === '\\') re += escapeRe(pattern.charAt(++i));
    else if (ch === '%') re += '[\\s\\S]*';
    else if (ch === '_') re += '[\\s\\S]';
    else re += escapeRe(ch);
  }
  return new RegExp(`^${re}$`, 'u').test(value);
}

function escapeRe(ch: string): string {
  return ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('rollup rules', () => {
  it('when a glob is translated then * becomes % and LIKE metacharacters and backslashes are escaped', () => {
    expect(globToLike('https://shop.example/*/done')).to.equal('https://shop.example/%/done');
    expect(globToLike('a_b%c\\d*')).to.equal('a\\_b\\%c\\\\d%');
    expect(globToLike('')).to.equal('');
  });

  it('when a glob without * is matched then only the identical string matches, whatever characters it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii' }).filter((s) => !s.includes('*')), fc.string({ unit: 'grapheme-ascii' }), (glob, other) => {
        expect(like(glob, globToLike(glob))).to.equal(true);
        expect(like(other, globToLike(glob))).to.equal(other === glob);
      }),
    );
  });

  it('when a glob has * then it matches any run of characters there and nothing else is a wildcard', () => {
    const p = globToLike('https://shop.example/a_b/*/ok');
    expect(like('https://shop.example/a_b/1/2/ok', p)).to.equal(true);
    expect(like('https://shop.example/a_b//ok', p)).to.equal(true);
    expect(like('https://shop.example/aXb/1/ok', p)).to.equal(false);
    expect(like('https://shop.example/a_b/1/ok?x', p)).to.equal(false);
  });

  it('when an exact rule is compiled then it becomes the page key: host and scheme lowercased, path kept, query and fragment dropped', () => {
    expect(pageKeyOf('HTTPS://Shop.Example:443/Thanks?x=1#top')).to.equal('https://shop.example/Thanks');
    expect(pageKeyOf('https://shop.example')).to.equal('https://shop.example/');
    expect(pageKeyOf('ftp://shop.example/x')).to.equal(undefined);
    expect(pageKeyOf('not a url')).to.equal(undefined);
  });

  it('when rules are compiled then each keeps its id and kind, and an exact rule that is no http(s) URL is dropped', () => {
    expect(
      compileRules([
        { id: 'a', kind: 'exact', pattern: 'https://Shop.example/t?q=1' },
        { id: 'b', kind: 'prefix', pattern: 'https://shop.example/o_%' },
        { id: 'c', kind: 'pattern', pattern: '*/t_*' },
        { id: 'd', kind: 'exact', pattern: 'shop.example/t' },
        { id: 'e', kind: 'regex', pattern: '.*' },
      ]),
    ).to.deep.equal([
      { id: 'a', kind: 'exact', operand: 'https://shop.example/t', qualifier: null },
      { id: 'b', kind: 'prefix', operand: 'https://shop.example/o_%', qualifier: null },
      { id: 'c', kind: 'pattern', operand: '*/t_*', qualifier: null },
    ]);
  });

  it('when event rules are compiled then the pattern is the operand and only a form outcome or a click target qualifies it', () => {
    expect(
      compileRules([
        { id: 'f', kind: 'form', pattern: 'newsletter', outcome: 'success', target: null },
        { id: 'g', kind: 'form', pattern: 'contact' },
        { id: 'h', kind: 'custom', pattern: 'Trial*', outcome: null, target: null },
        { id: 'i', kind: 'click', pattern: 'Buy now', outcome: null, target: 'cta' },
      ]),
    ).to.deep.equal([
      { id: 'f', kind: 'form', operand: 'newsletter', qualifier: 'success' },
      { id: 'g', kind: 'form', operand: 'contact', qualifier: null },
      { id: 'h', kind: 'custom', operand: 'Trial*', qualifier: null },
      { id: 'i', kind: 'click', operand: 'Buy now', qualifier: 'cta' },
    ]);
  });

  it('when an exact rule names a page whose key is over 512 characters then its key is bounded as the page views are', () => {
    const url = `https://shop.example/${'日'.repeat(100)}`;
    const page = normalizePageUrl(url, []);
    expect(pageKeyOf(url)).to.have.length(512);
    expect(pageKeyOf(url)).to.equal('pageKey' in page ? page.pageKey : undefined);
    expect(pageKeyOf(url)).to.equal(boundKey(new URL(url).href, 512));
  });

  it('when stored rules are over the limits then they are left out, and so is every rule past the per-project count in id order', () => {
    const limits = { perProject: 2, patternChars: 20 };
    const compiled = compileRules(
      [
        { id: 'd', kind: 'prefix', pattern: 'https://d.example/' },
        { id: 'a', kind: 'pattern', pattern: `*${'x'.repeat(20)}` },
        { id: 'b', kind: 'pattern', pattern: '*/*/*/*/*/*/*/*/*' },
        { id: 'c', kind: 'prefix', pattern: 'https://c.example/' },
        { id: 'e', kind: 'pattern', pattern: '*/e' },
        { id: 'f', kind: 'prefix', pattern: 'https://f.example/' },
      ],
      limits,
    );
    expect(compiled.map((r) => r.id)).to.deep.equal(['d', 'c']);
  });
});
