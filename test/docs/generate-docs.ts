// `npm run docs`: rewrites the generated docs from what the code does now: docs/robustness.md
// and the README's Robustness and Real news pages sections (tests only check that they are current).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withReadmeSection } from '../support/readme-sections';
import { repeatedRows, robustnessDoc, robustnessReadmeSection, robustnessRows } from '../support/robustness-table';
import { realPageRows, realPagesReadmeSection } from '../support/real-pages-report';
import { ROOT, seedArticle, seedParagraphs } from '../support/seed';

const rows = robustnessRows();
const repeated = repeatedRows();
writeFileSync(join(ROOT, 'docs/robustness.md'), robustnessDoc(rows, repeated));
const readme = join(ROOT, 'README.md');
writeFileSync(readme, withReadmeSection(readFileSync(readme, 'utf8'), 'Robustness', robustnessReadmeSection(rows, repeated)));
const real = realPagesReadmeSection(realPageRows(seedArticle(), seedParagraphs()));
writeFileSync(readme, withReadmeSection(readFileSync(readme, 'utf8'), 'Real news pages', real));
console.log("wrote docs/robustness.md and the README's Robustness and Real news pages sections");
