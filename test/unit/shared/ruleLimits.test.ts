import { expect } from 'chai';
import { DEFAULT_RULE_LIMITS, ignoredRules, patternProblem } from '../../../shared/rules/limits.js';

describe('conversion rule limits', () => {
  it('when a pattern is at or over the length limit then only the longer one has a problem', () => {
    expect(patternProblem('prefix', 'x'.repeat(512), DEFAULT_RULE_LIMITS)).to.equal(undefined);
    expect(patternProblem('prefix', 'x'.repeat(513), DEFAULT_RULE_LIMITS)).to.equal('must be at most 512 characters');
  });

  it('when a pattern has more than 8 * then only a pattern rule has a problem, since exact and prefix rules take * as text', () => {
    expect(patternProblem('pattern', '*a'.repeat(8), DEFAULT_RULE_LIMITS)).to.equal(undefined);
    expect(patternProblem('pattern', '*a'.repeat(9), DEFAULT_RULE_LIMITS)).to.equal('must have at most 8 * wildcards');
    expect(patternProblem('prefix', '*a'.repeat(9), DEFAULT_RULE_LIMITS)).to.equal(undefined);
  });

  it('when rules are judged then the reasons follow id order, not the order given, and over-limit rules take no place', () => {
    const rules = [
      { id: 'c', kind: 'prefix', pattern: 'c' },
      { id: 'a', kind: 'prefix', pattern: 'x'.repeat(600) },
      { id: 'b', kind: 'prefix', pattern: 'b' },
      { id: 'd', kind: 'prefix', pattern: 'd' },
    ];
    expect(Object.fromEntries(ignoredRules(rules, { perProject: 2, patternChars: 512 }))).to.deep.equal({
      a: 'pattern must be at most 512 characters',
      d: 'beyond the 2 rules a project may have',
    });
  });
});
