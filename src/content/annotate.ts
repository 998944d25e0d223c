// Injected by the background into a page it recognised (again on every new recognition,
// for example after single-page navigation or when Kontekst is turned back on). The first
// injection creates the page's annotator; later ones find it through the bridge and refresh it.
import { ext } from '../shared/ext';
import { createAnnotator } from './annotator';
import { currentAnnotator, registerAnnotator } from './bridge';

const existing = currentAnnotator();
if (existing) {
  existing.refresh();
} else {
  const annotator = createAnnotator({ api: ext, requireVisible: true });
  registerAnnotator(annotator);
  annotator.refresh();
}
