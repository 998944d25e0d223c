// The framework-rendered article pages (test/fixtures/frameworks), bundled with esbuild when the
// test starts: React 19 rendered on the server here and hydrated in the page after a delay, Vue 3
// and Svelte 5 rendered in the page. Each serves the seed article at a syndication address, in
// <article id="app"> (one <p> per paragraph), and offers the test window.__fixture to change it
// the way the framework does: setText(i, text) (the text node updated in place), replace(i) (one
// paragraph re-mounted), rerender() (every paragraph re-mounted), append(text) (a live blog),
// texts() (what the page set). Nothing built is committed.
import { readFileSync } from 'node:fs';
import { build, type Plugin } from 'esbuild';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { compile } from 'svelte/compiler';
import { JSDOM } from 'jsdom';
import { App } from '../../fixtures/frameworks/react-app';
import { ARTICLE_ID } from './fixtures';
import type { Page } from './server';

const DIR = new URL('../../fixtures/frameworks/', import.meta.url);
/** React waits this long before hydrating, so Kontekst marks the server's HTML first. */
export const HYDRATE_AFTER_MS = 2500;

export type Framework = 'react' | 'vue' | 'svelte';

/** The seed article's headline and paragraphs, as the saved copy has them. */
export const seedArticleText: { headline: string; paragraphs: string[] } = (() => {
  const html = readFileSync(new URL(`../../../src/dataset/saved/${ARTICLE_ID}.html`, import.meta.url), 'utf8');
  const { document } = new JSDOM(html).window;
  return {
    headline: document.querySelector('article h1')?.textContent ?? '',
    paragraphs: [...document.querySelectorAll('article > p')].map((p) => p.textContent ?? ''),
  };
})();

/** The address each framework's copy is served at: a site syndicating the wire text. */
export const frameworkUrl = (framework: Framework): string => `http://nyhedsportal.example/udland/putin-inviterer-trump-${framework}`;

const svelte: Plugin = {
  name: 'svelte',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.svelte$/ }, (args) => ({
      contents: compile(readFileSync(args.path, 'utf8'), { filename: args.path, generate: 'client' }).js.code,
      loader: 'js',
    }));
  },
};

async function bundle(entry: string, contents?: string): Promise<string> {
  const result = await build({
    ...(contents ? { stdin: { contents, resolveDir: DIR.pathname, loader: 'ts' } } : { entryPoints: [new URL(entry, DIR).pathname] }),
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
    minify: true,
    define: { 'process.env.NODE_ENV': '"production"' },
    conditions: ['browser', 'production'],
    plugins: [svelte],
    logLevel: 'silent',
  });
  return result.outputFiles[0]?.text ?? '';
}

// A page script that records the page's own console warnings and errors (hydration mismatches
// are reported there), before any framework code runs.
const CONSOLE_SPY = `<script>window.__console = [];['error', 'warn'].forEach(function (k) { var o = console[k]; console[k] = function () { window.__console.push(k + ': ' + Array.prototype.join.call(arguments, ' ')); return o.apply(console, arguments); }; });</script>`;

function page(framework: Framework, root: string, script: string): Page {
  const data = JSON.stringify(seedArticleText).replace(/</g, '\\u003c');
  const body = `<!doctype html><html lang="da"><head><meta charset="utf-8"><title>${seedArticleText.headline} (${framework})</title>${CONSOLE_SPY}</head>
<body><header><a href="/">Nyhedsportalen</a></header><main><div id="root">${root}</div></main>
<script>window.__article = ${data};</script><script>${script.replace(/<\/script/gi, '<\\/script')}</script></body></html>`;
  return { body };
}

/** Builds the three pages (about a second). */
export async function frameworkPages(): Promise<Map<Framework, Page>> {
  const { headline, paragraphs } = seedArticleText;
  const react = await bundle('', `import { hydrateLater } from './react-app'; hydrateLater(${HYDRATE_AFTER_MS});`);
  const serverHtml = renderToString(createElement(App, { headline, paragraphs }));
  return new Map<Framework, Page>([
    ['react', page('react', serverHtml, react)],
    ['vue', page('vue', '', await bundle('vue-app.ts'))],
    ['svelte', page('svelte', '', await bundle('svelte-main.ts'))],
  ]);
}
