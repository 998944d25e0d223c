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

/** What axe found: serious and critical violations, and how many nodes it checked at all. */
export interface Audit {
  violations: Violation[];
  /** Distinct nodes any rule looked at (passed, failed or could not decide). */
  checkedNodes: number;
}

/**
 * Audits the tab with axe-core; `within` limits the result to nodes whose selector path
 * passes through an element whose name contains it (e.g. 'kontekst-').
 */
export async function audit(tab: Tab, within?: string): Promise<Audit> {
  if (!(await tab.evaluate(() => 'axe' in window))) await tab.addScript(axeSource);
  const result = await tab.evaluate(async () => {
    type Result = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> };
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Result[]; passes: Result[]; incomplete: Result[] }> } }).axe;
    const { violations, passes, incomplete } = await axe.run(document, {});
    return {
      violations: violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: JSON.stringify(n.target), summary: n.failureSummary ?? '' })),
      })),
      checked: [...violations, ...passes, ...incomplete].flatMap((r) => r.nodes.map((n) => JSON.stringify(n.target))),
    };
  });
  const mine = (target: string): boolean => within === undefined || target.includes(within);
  return {
    violations: result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ ...v, nodes: v.nodes.filter((n) => mine(n.target)) }))
      .filter((v) => v.nodes.length > 0),
    checkedNodes: new Set(result.checked.filter(mine)).size,
  };
}
