// The pages `npm start` serves, each at its real address, and the start page that links them.
// They are the browser tests' own fixtures (test/e2e/support/fixtures.ts), so what the demo
// shows is what the tests check.
import { ARTICLE_URL, article, defaultRoutes, e2ePages, fixturePages } from '../e2e/support/fixtures';
import type { Page } from '../e2e/support/server';

/** One page of the demo and what Kontekst should do there. */
export interface DemoPage {
  /** Short name: the report's label and the screenshot's file name. */
  name: string;
  /** What the page is, for the start page and the report. */
  what: string;
  url: string;
  page: Page;
  /** Whether Kontekst should recognise it as the dataset's article. */
  recognised: boolean;
  /** A link the reader follows first (its accessible name), for a page that becomes the article in place. */
  follow?: string;
  /** What to try there, on the start page. */
  tryThis: string;
}

function fixture(name: string): { url: string; page: Page } {
  const found = fixturePages.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no fixture page ${name} in test/fixtures/pages`);
  return { url: found.url, page: found.page };
}

/** The start page's own address (a reserved test domain, served by the local server like the rest). */
export const START_URL = 'http://kontekst.test/';

export const demoPages: DemoPage[] = [
  {
    name: 'article',
    what: `The article at its own address (a saved copy): "${article.headline}"`,
    url: ARTICLE_URL,
    page: defaultRoutes().get(ARTICLE_URL) as Page,
    recognised: true,
    tryThis: 'Hover a tinted sentence for half a second (or Tab to its ⓘ marker): its card opens with notes and dated sources. Escape closes it.',
  },
  {
    name: 'syndicated',
    what: 'The same wire text on another site, with its own template and address',
    ...fixture('syndicated'),
    recognised: true,
    tryThis: 'Recognised by its text alone: the same claims are marked.',
  },
  {
    name: 'edited',
    what: 'A lightly edited copy (a few words changed)',
    ...fixture('edited'),
    recognised: true,
    tryThis: 'The edited sentences are still found and marked.',
  },
  {
    name: 'dynamic',
    what: 'A single-page news site whose front page opens the article in place (history.pushState)',
    url: e2ePages.spaFront.url,
    page: e2ePages.spaFront.page,
    recognised: true,
    follow: 'Putin har inviteret Trump til Moskva',
    tryThis: 'Nothing is marked on the front page; click the first headline and the claims are marked as the article appears.',
  },
  {
    name: 'unknown',
    what: 'An article on the same site that the dataset does not know',
    url: e2ePages.notInDataset.url,
    page: e2ePages.notInDataset.page,
    recognised: false,
    tryThis: 'Kontekst leaves it exactly as it was: no marks, no badge.',
  },
];

/** Every address the demo's server answers for. */
export function demoRoutes(start: Page): Map<string, Page> {
  const routes = new Map<string, Page>(demoPages.map((demo) => [demo.url, demo.page]));
  routes.set(START_URL, start);
  return routes;
}

const escape = (text: string): string => text.replace(/[&<>"]/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot' })[c]};`);

/** The start page: what this browser is, the demo pages, and what to try on each. */
export function startPage(browserName: string, watching: boolean): Page {
  const items = demoPages
    .map((demo) => `<li><a href="${escape(demo.url)}">${escape(demo.what)}</a><br><span>${escape(demo.tryThis)}</span></li>`)
    .join('\n');
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Kontekst: start here</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; }
  li { margin-bottom: 0.8rem; } li span { color: #555; } code { background: #f2f2f2; padding: 0 0.2em; }
  @media (prefers-color-scheme: dark) { body { background: #141518; color: #e4e4e4; } li span { color: #aaa; } code { background: #2a2b30; } a { color: #8cb8ff; } }
</style>
</head>
<body>
<h1>Kontekst is loaded in this ${escape(browserName)}</h1>
<p>This is a fresh profile with the extension built from your working copy. A local server answers for the
addresses below with saved pages, so the article is at its real Jyllands-Posten address; every other
address reaches the web as usual.</p>
<p><strong>First:</strong> Kontekst has opened its welcome page in another tab, where it asks which sites it
may read. Choose <em>All sites</em> to see the copies on other sites recognised. With only the publishers'
own sites, the article and the dynamic page are marked and the copies are not: their popup then offers to
allow the site, or to run Kontekst once on the page.</p>
<ol>
${items}
</ol>
<h2>Then</h2>
<ul>
  <li>Open the popup (the Kontekst button in the toolbar; in Chromium pin it from the puzzle-piece menu): it lists the notes on the page; choosing one scrolls to its claim.</li>
  <li>Turn Kontekst off in the popup, for this site or everywhere: the marks go and the page is exactly as it was. Turn it on again.</li>
  <li>The options page (right-click the button → Options) adds dataset packs and links the privacy policy.</li>
</ul>
<p>${watching ? 'Watching <code>src/</code>, <code>manifest.json</code> and <code>icons/</code>: save a change and the extension is rebuilt and reloaded, and so are these pages.' : 'Run <code>npm start -- --watch</code> to have a saved change rebuild and reload the extension and the page.'}
Close the browser (or press Ctrl+C in the terminal) to stop; the profile is thrown away.</p>
</body>
</html>
`;
  return { body };
}
