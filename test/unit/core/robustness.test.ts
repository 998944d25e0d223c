// The robustness table's claims (docs/robustness.md, the README's Robustness section): no
// variant of the seed article gets a claim anchored on text that is not that claim, noise a
// reader does not see changes nothing, and the docs show what the table measures now
// (`npm run docs` rewrites them; this test never writes).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repeatedRows, repetitions, robustnessDoc, robustnessReadmeSection, robustnessRows, variants } from '../../support/robustness-table';
import { readmeSection } from '../../support/readme-sections';
import { ROOT } from '../../support/seed';

describe('robustness table', () => {
  const rows = robustnessRows();
  const repeated = repeatedRows();

  it('docs/robustness.md and the README show this table (npm run docs writes them)', () => {
    expect(readFileSync(join(ROOT, 'docs/robustness.md'), 'utf8'), 'run npm run docs').toBe(robustnessDoc(rows, repeated));
    expect(readmeSection(readFileSync(join(ROOT, 'README.md'), 'utf8'), 'Robustness'), 'run npm run docs').toBe(robustnessReadmeSection(rows, repeated));
  });


  it.each(variants.map((v, i) => [v.name, i] as const))('%s: no claim is anchored on text that is not that claim', (_name, i) => {
    expect(rows[i]!.wrong).toBe(0);
  });

  it.each(variants.filter((v) => v.expect === 'all-exact').map((v) => [v.name] as const))('%s: noise a reader does not see keeps every claim exact and the page recognised', (name) => {
    const row = rows.find((r) => r.variant.name === name)!;
    expect(row.exact).toBe(row.claims);
    expect(row.recognised).toBe(row.pages);
  });

  it('one word edit per sentence still anchors nearly every claim', () => {
    const row = rows.find((r) => r.variant.name === 'one word edit per sentence')!;
    expect((row.exact + row.fuzzy) / row.claims).toBeGreaterThan(0.9);
  });

  it.each(repetitions.map((r, i) => [r.copies, r.editedContext ? 'context edited' : 'context as taken', i] as const))(
    '%i copies of a claim (%s): never anchored on other text or at a copy the editor did not mean',
    (_copies, _how, i) => {
      expect(repeated[i]!.wrong).toBe(0);
      expect(repeated[i]!.otherCopy).toBe(0);
    },
  );

  it('with the context as the editor took it, the intended copy is found whatever the number of copies', () => {
    for (const r of repeated.filter((x) => !x.repetition.editedContext)) expect(r.intended, `${r.repetition.copies} copies`).toBe(r.trials);
  });

  it('claims rewritten with other words are reported missing', () => {
    const row = rows.find((r) => r.variant.expect === 'none')!;
    expect(row.missing).toBe(row.claims);
  });
});
