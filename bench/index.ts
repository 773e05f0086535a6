/**
 * Runs every benchmark section in order and prints one table per section.
 * Run with `npm run bench`. Add a section by appending it to `sections`.
 */
import { benchMimoDetails } from './mimo-details.js';
import { formatResult, type BenchSection } from './report.js';

const sections: BenchSection[] = [{ name: 'mimo-details', run: () => benchMimoDetails() }];

const only = process.argv.slice(2);
for (const section of sections) {
  if (only.length > 0 && !only.includes(section.name)) {
    continue;
  }
  const result = await section.run();
  console.log(`${formatResult(result)}\n`);
}
