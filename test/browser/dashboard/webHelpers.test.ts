import { expect } from 'chai';
import { toCsv } from '../../../web/src/components/csv.js';
import { addDays, daysIn, presetRange, previousRange } from '../../../web/src/components/dayRange.js';
import { formatFor } from '../../../web/src/i18n/format.js';
import { metricChange } from '../../../web/src/screens/overview/metrics.js';

/** The web app's pure helpers, run in Node (no browser needed). */
describe('web app helpers', () => {
  describe('CSV export', () => {
    it('when a cell starts with = + - @ tab or CR then it gets a leading quote and stays text', () => {
      const csv = toCsv(['title'], [['=HYPERLINK("http://evil.example","x")'], ['+1'], ['-2+3'], ['@SUM(A1)'], ['\tx'], ['\rx'], ['plain']]);
      const lines = csv.split('\r\n');
      expect(lines.slice(0, 6)).to.deep.equal(['title', `"'=HYPERLINK(""http://evil.example"",""x"")"`, "'+1", "'-2+3", "'@SUM(A1)", "'\tx"]);
      expect(csv).to.contain(`"'\rx"`);
      expect(csv).to.contain('\r\nplain\r\n');
    });

    it('when a cell is a number, null, or holds commas, quotes and line breaks then it is written per RFC 4180', () => {
      expect(toCsv(['a', 'b', 'c', 'd'], [[-5, null, 'x, "y"', 'line\nbreak']])).to.equal('a,b,c,d\r\n-5,,"x, ""y""","line\nbreak"\r\n');
    });
  });

  describe('changes against the previous period', () => {
    it('when a count changes then the card shows a relative change; when a ratio changes then it shows percentage points', () => {
      const en = formatFor('en', 'UTC');
      expect(metricChange('impressions', 150, 100, en)).to.deep.equal({ change: 0.5, text: '+50%' });
      const cvr = metricChange('cvr', 0.186, 0.06, en);
      expect(cvr.change).to.be.closeTo(0.126, 1e-12);
      expect(cvr.text).to.equal('+12.6 pp');
      expect(metricChange('completionRate', 0.2, 0.25, formatFor('ja', 'UTC')).text).to.equal('-5pt');
      expect(metricChange('cvr', 0.1, null, en)).to.deep.equal({ change: null, text: '–' });
      expect(metricChange('plays', 3, 0, en)).to.deep.equal({ change: null, text: '–' });
    });
  });

  describe('day ranges', () => {
    const at = Date.parse('2026-03-31T16:30:00Z');
    it('when presets are resolved then they are calendar days of the project time zone, not of the browser', () => {
      // 16:30 UTC is already April 1st in Tokyo and still March 31st in New York.
      expect(presetRange('today', 'Asia/Tokyo', at)).to.deep.equal({ from: '2026-04-01', to: '2026-04-01' });
      expect(presetRange('today', 'America/New_York', at)).to.deep.equal({ from: '2026-03-31', to: '2026-03-31' });
      expect(presetRange('yesterday', 'Asia/Tokyo', at)).to.deep.equal({ from: '2026-03-31', to: '2026-03-31' });
      expect(presetRange('7d', 'Asia/Tokyo', at)).to.deep.equal({ from: '2026-03-26', to: '2026-04-01' });
      expect(presetRange('30d', 'America/New_York', at)).to.deep.equal({ from: '2026-03-02', to: '2026-03-31' });
      expect(presetRange('month', 'Asia/Tokyo', at)).to.deep.equal({ from: '2026-04-01', to: '2026-04-01' });
      expect(presetRange('month', 'America/New_York', at)).to.deep.equal({ from: '2026-03-01', to: '2026-03-31' });
    });

    it('when the previous period is asked for then it has the same number of days and ends the day before', () => {
      expect(previousRange({ from: '2026-03-01', to: '2026-03-31' })).to.deep.equal({ from: '2026-01-29', to: '2026-02-28' });
      expect(daysIn({ from: '2026-01-29', to: '2026-02-28' })).to.equal(31);
      // Across a DST change the days are still whole days.
      expect(addDays('2026-03-07', 2)).to.equal('2026-03-09');
      expect(previousRange({ from: '2026-04-01', to: '2026-04-01' })).to.deep.equal({ from: '2026-03-31', to: '2026-03-31' });
    });
  });
});
