// What the hostile fixtures' page scripts do, done in jsdom (which runs no page scripts
// here): each mutation changes the document the way its fixture's <script> does in a browser.
import type { DOMWindow } from 'jsdom';

/** A page script's effect. `root` replaces the document's body as what Kontekst reads (detached trees). */
export interface Mutation {
  /** What the page script does, and why it is hostile. */
  reason: string;
  /** 'before': the page looks like this when Kontekst reads it; 'after': it changes after the first anchoring. */
  when: 'before' | 'after';
  apply(window: DOMWindow): { root?: Node } | void;
}

const KNOWN = /^(html|head|body|header|nav|main|article|aside|footer|section|div|span|p|a|em|strong|b|i|h1|h2|h3|ul|ol|li|time|script|style|link|meta|title|br|img|figure|figcaption)$/;

function article(window: DOMWindow): Element {
  const found = window.document.querySelector('article');
  if (!found) throw new Error('fixture has no <article>');
  return found;
}

export const MUTATIONS: Record<string, Mutation> = {
  'remove-unknown-elements': {
    reason: 'the page removes every element its templates do not know',
    when: 'before',
    apply(window) {
      for (const el of [...window.document.querySelectorAll('*')]) if (!KNOWN.test(el.localName)) el.remove();
    },
  },
  'rebuild-article': {
    reason: 'hydration replaces the article\'s DOM with a fresh copy of itself, twice',
    when: 'after',
    apply(window) {
      const a = article(window);
      a.innerHTML = a.innerHTML;
      article(window).replaceWith(article(window).cloneNode(true));
    },
  },
  'append-comments': {
    reason: 'an endless comment list appends 20,000 paragraphs below the article',
    when: 'before',
    apply(window) {
      const doc = window.document;
      const list = doc.getElementById('comments');
      const words = ['Putin', 'Trump', 'Moskva', 'møde', 'enig', 'uenig', 'præsident', 'aldrig', 'altid', 'Washington'];
      const fragment = doc.createDocumentFragment();
      for (let i = 0; i < 20_000; i++) {
        const p = doc.createElement('p');
        let text = `Kommentar ${i}:`;
        for (let w = 0; w < 12; w++) text += ` ${words[(i * 7 + w * 3) % words.length]}`;
        p.textContent = `${text}.`;
        fragment.append(p);
      }
      list?.append(fragment);
    },
  },
  'push-state-to-article': {
    reason: 'a single-page app changes the address with history.pushState and renders the article',
    when: 'before',
    apply(window) {
      const doc = window.document;
      const link = doc.querySelector('a[data-spa]');
      window.history.pushState({}, '', link?.getAttribute('href') ?? '');
      const template = doc.getElementById('article-template') as HTMLTemplateElement | null;
      doc.getElementById('app')?.replaceChildren(template?.content.cloneNode(true) ?? '');
    },
  },
  'push-state-away': {
    reason: 'a single-page app leaves the article for another story with history.pushState',
    when: 'before',
    apply(window) {
      const doc = window.document;
      window.history.pushState({}, '', '/sport/ECE10771958/fc-midtjylland-jagter-gruppespillet-i-europa/');
      const h = doc.createElement('h1');
      h.textContent = 'FC Midtjylland jagter gruppespillet i Europa';
      const p = doc.createElement('p');
      p.textContent = 'Klubben møder i aften et hold fra Cypern, og træneren venter en tæt kamp på udebane.';
      doc.getElementById('app')?.replaceChildren(h, p);
    },
  },
  'nest-50000': {
    reason: 'a page builder wraps the article in 50,000 levels of elements',
    when: 'before',
    apply(window) {
      const doc = window.document;
      // Built inside out and left detached: jsdom's own attach step recurses and cannot take
      // a tree this deep (browsers can); Kontekst's reading is what is under test.
      let node: Node = article(window);
      node.parentNode?.removeChild(node);
      for (let i = 0; i < 50_000; i++) {
        const wrap = doc.createElement(i % 2 ? 'div' : 'span');
        wrap.append(node);
        node = wrap;
      }
      return { root: node };
    },
  },
  'huge-text-node': {
    reason: 'one text node of 4 million characters, full of no-break spaces and soft hyphens',
    when: 'before',
    apply(window) {
      const log = window.document.querySelector('.log');
      if (log) log.textContent = 'log\u00a0entry\u00ad ok; '.repeat(250_000);
    },
  },
  'attach-shadow': {
    reason: 'a web component renders the article into its own shadow root',
    when: 'before',
    apply(window) {
      const doc = window.document;
      const host = doc.querySelector('article-body');
      const source = doc.getElementById('article-source') as HTMLTemplateElement | null;
      if (host && source) host.attachShadow({ mode: 'open' }).append(source.content.cloneNode(true));
    },
  },
  'letter-spans': {
    reason: 'a typewriter effect puts every character of the article in its own <span>',
    when: 'before',
    apply(window) {
      const doc = window.document;
      for (const p of doc.querySelectorAll('article p')) {
        const walker = doc.createTreeWalker(p, window.NodeFilter.SHOW_TEXT);
        const texts: Text[] = [];
        while (walker.nextNode()) texts.push(walker.currentNode as Text);
        for (const text of texts) {
          const fragment = doc.createDocumentFragment();
          for (const character of text.data) {
            const span = doc.createElement('span');
            span.textContent = character;
            fragment.append(span);
          }
          text.replaceWith(fragment);
        }
      }
    },
  },
  'remove-body': {
    reason: 'the page moves its content under <html> and removes <body>',
    when: 'before',
    apply(window) {
      const doc = window.document;
      const body = doc.body;
      while (body.firstChild) doc.documentElement.append(body.firstChild);
      body.remove();
    },
  },
  'remove-document-element': {
    reason: 'the page removes its own <html> element',
    when: 'before',
    apply(window) {
      window.document.documentElement.remove();
    },
  },
};
