// Mocha's spec reporter plus one plain closing line ("N passed, N failed"), and, when
// CUEPOINT_TEST_TALLY names a file, the counts appended to it so CI can print a grand total.
const Mocha = require('mocha');
const { appendFileSync } = require('node:fs');

class TallyReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const { passes, failures, pending } = this.stats;
      console.log(`\nmocha: ${passes} passed, ${failures} failed, ${pending} skipped`);
      const tally = process.env.CUEPOINT_TEST_TALLY;
      if (tally) appendFileSync(tally, `${passes} ${failures} ${pending}\n`);
    });
  }
}

module.exports = TallyReporter;
