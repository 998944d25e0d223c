// Deterministic Danish-looking prose for the benchmark's generated pages and dataset.
// Same seed, same text: runs on different machines measure the same inputs.

/**
 * A seedable PRNG (sfc32, seeded through splitmix32). Its 128-bit state keeps streams from
 * different seeds apart: with a 32-bit state (mulberry32) the long streams behind 10,000
 * articles and hundreds of generated pages overlap, and a "new" page repeats an article.
 */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

const COMMON = (
  'og i at det en den til er som på de med han af for ikke der var mig sig men et har om vi min havde ham hun nu over da fra ' +
  'du ud sin dem os op man hans hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo deres efter ' +
  'ned skulle denne end dette mit også under have dig anden hende mine alt meget sit sine vor mod disse hvis din nogle hos blive ' +
  'mange ad bliver hendes været thi jer sådan regeringen kommunen borgerne minister året ugen sagen forslaget aftalen partiet ' +
  'udvalget landet byen skolen sygehuset politiet virksomheden medarbejderne eksperterne rapporten undersøgelsen tallene ' +
  'prisen økonomien klimaet valget debatten kritikken beslutningen planen budgettet stigning fald millioner milliarder procent ' +
  'siger mener vurderer forklarer oplyser skriver viser peger foreslår afviser kræver lover advarer understreger'
).split(' ');

const SYLLABLES = 'ka be ri to sa ne mo la vi de gu ha pe sko fri ste lund gård holm by rup ved strand bjerg dal mark sø kær'.split(' ');

const vocabularies = new Map<number, string[]>();

/** Words in rough frequency order: common function words first, then generated rarer words (built once per size). */
function vocabulary(size: number): string[] {
  const cached = vocabularies.get(size);
  if (cached) return cached;
  const random = makeRandom(0x5eed);
  const words = [...COMMON];
  const seen = new Set(words);
  while (words.length < size) {
    const count = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < count; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  vocabularies.set(size, words);
  return words;
}

/** Writes sentences and paragraphs from one seed. */
export class Prose {
  private readonly random: () => number;
  private readonly words: string[];

  constructor(seed: number, vocabularySize = 6000) {
    this.random = makeRandom(seed);
    this.words = vocabulary(vocabularySize);
  }

  /** A number in [0, n). */
  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.random() < p;
  }

  /** A word drawn with a Zipf-like skew towards common words. */
  word(): string {
    const r = this.random();
    return this.words[Math.floor(r * r * r * this.words.length)] as string;
  }

  /** One sentence of `min` to `max` words, capitalised, with the odd comma. */
  sentence(min = 8, max = 24): string {
    const count = min + this.int(max - min + 1);
    const parts: string[] = [];
    for (let i = 0; i < count; i++) {
      let w = this.word();
      if (i === 0) w = w[0]!.toUpperCase() + w.slice(1);
      if (i > 2 && i < count - 2 && this.chance(0.08)) parts[parts.length - 1] += ',';
      parts.push(w);
    }
    return `${parts.join(' ')}.`;
  }

  /** `count` sentences joined by spaces. */
  sentences(count: number): string[] {
    return Array.from({ length: count }, () => this.sentence());
  }

  /** A person's name. */
  name(): string {
    const first = ['Anne', 'Lars', 'Mette', 'Jens', 'Sofie', 'Peter', 'Karen', 'Henrik', 'Ida', 'Mads', 'Louise', 'Søren'];
    const last = ['Jensen', 'Nielsen', 'Hansen', 'Pedersen', 'Andersen', 'Christensen', 'Larsen', 'Sørensen', 'Rasmussen', 'Holm'];
    return `${first[this.int(first.length)]} ${last[this.int(last.length)]}`;
  }
}

/** Escapes text for an HTML text node or attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}
