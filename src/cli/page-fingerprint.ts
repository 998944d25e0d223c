import { mainTextRoot } from '../core/annotate';
import { FINGERPRINT_ALGORITHM, makeFingerprint } from '../core/fingerprint';
import { readPageText } from '../core/page-text';

/** An article's fingerprint from its saved page: the one `kontekst fingerprint` and `kontekst new` both write. */
export function pageFingerprint(doc: Document): { algorithm: typeof FINGERPRINT_ALGORITHM; hashes: string[] } | null {
  const root = mainTextRoot(doc);
  if (!root) return null;
  return { algorithm: FINGERPRINT_ALGORITHM, hashes: makeFingerprint(readPageText(root).text) };
}
