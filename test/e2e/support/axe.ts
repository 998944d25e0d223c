// axe-core in a tab: the popup as it is, and Kontekst's in-page UI through its closed shadow
// roots, which the browser protocol hands to the test (Tab.revealClosedShadowRoots) so axe
// audits the production markers and card where they are, on the page, with the page's styles.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Tab } from './driver';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One rule broken, with the nodes that break it. */
export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/**
 * Serious and critical violations in the tab; `within` limits them to nodes whose selector
 * path passes through an element whose name starts with it (e.g. 'kontekst-').
 */
export async function seriousViolations(tab: Tab, within?: string): Promise<Violation[]> {
  if (!(await tab.evaluate(() => 'axe' in window))) await tab.addScript(axeSource);
  const violations = await tab.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: n.failureSummary ?? '' })),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: within ? v.nodes.filter((n) => n.target.includes(within)) : v.nodes }))
    .filter((v) => v.nodes.length > 0);
}
