// The hostile fixture pages (test/fixtures/hostile) and what each must give.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './seed';

type Status = 'exact' | 'fuzzy' | 'missing';

/** NAME.expected.json beside each fixture page. */
export interface HostileExpectation {
  url: string;
  reason: string;
  contentType?: string;
  /** A key of MUTATIONS: what the fixture's page script does. */
  mutation?: string;
  article: string | null;
  matchedBy: 'url' | 'canonical' | 'content' | null;
  claims: Record<string, Status>;
  /** Claim id (or "*" for every anchored claim) → a selector its anchor must lie inside. */
  anchoredIn?: Record<string, string>;
  /** Also run through `kontekst annotate` (pages whose file alone is the case). */
  cli?: boolean;
}

export const HOSTILE_DIR = join(ROOT, 'test/fixtures/hostile');

/** Every hostile fixture: its page file and what is expected of it. */
export function hostileFixtures(): { name: string; file: string; expected: HostileExpectation }[] {
  const files = readdirSync(HOSTILE_DIR);
  return files
    .filter((f) => f.endsWith('.expected.json'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.expected\.json$/, '');
      const page = files.find((p) => p !== f && p.startsWith(`${name}.`));
      if (!page) throw new Error(`no page beside ${f}`);
      return { name, file: join(HOSTILE_DIR, page), expected: JSON.parse(readFileSync(join(HOSTILE_DIR, f), 'utf8')) as HostileExpectation };
    });
}

