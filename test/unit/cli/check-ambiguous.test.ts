// An ambiguous claim (found in places that differ, which its context cannot tell apart) is not
// marked for readers; editors see it in `kontekst check --page` and `kontekst annotate`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetCopy, kontekst, tempDir } from '../../support/cli';
import { ROOT, SEED_ID } from '../../support/seed';

const DATASET = join(ROOT, 'src/dataset');

const article = JSON.parse(readFileSync(join(DATASET, 'articles', `${SEED_ID}.json`), 'utf8')) as { claims: { id: string; selector: { exact: string } }[] };
const [first, second] = article.claims as [{ id: string; selector: { exact: string } }, { id: string; selector: { exact: string } }];
const escape = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** The bundled dataset with the first claim's prefix and suffix taken out (its quote is unique on the saved copy). */
function withoutContext(): string {
  const dir = datasetCopy();
  const file = join(dir, 'articles', `${SEED_ID}.json`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { claims: { selector: Record<string, unknown> }[] };
  const selector = data.claims[0]!.selector;
  delete selector.prefix;
  delete selector.suffix;
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return dir;
}

/** A page with the first claim in two paragraphs that differ, the second claim once. */
function page(): string {
  const path = join(tempDir(), 'two-copies.html');
  const quote = escape(first.selector.exact);
  writeFileSync(path, `<!doctype html><html lang="da"><body><article><p>Afsnit A. ${quote} Slut A.</p><p>Afsnit B. ${quote} Slut B.</p><p>${escape(second.selector.exact)}</p></article></body></html>`);
  return path;
}

describe('an ambiguous claim in the editor commands', () => {
  it('with context, the same page anchors the claim at the copy its context describes', () => {
    const run = kontekst('check', '--page', page(), '--url', 'https://kopi.example/to-kopier', '--article', SEED_ID);
    expect(run.stdout).toMatch(new RegExp(`exact\\s+${first.id}`));
  });

  it('without context, check --page names it, says how many places fit, and fails', () => {
    const run = kontekst('check', '--dataset', withoutContext(), '--page', page(), '--url', 'https://kopi.example/to-kopier', '--article', SEED_ID);
    expect(run.stdout).toMatch(new RegExp(`ambiguous\\s+${first.id}\\s+\\(2 places fit equally well`));
    expect(run.stdout).toMatch(new RegExp(`exact\\s+${second.id}`));
    expect(run.stderr).toContain(`ambiguous: ${first.id}`);
    expect(run.code).toBe(1);
  });
});
