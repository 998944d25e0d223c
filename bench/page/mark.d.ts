// mark.js 8 ships no type declarations; this covers the calls the benchmark makes.
declare module 'mark.js' {
  interface MarkOptions {
    acrossElements?: boolean;
    separateWordSearch?: boolean;
    diacritics?: boolean;
    done?: (totalMarks: number) => void;
  }
  export default class Mark {
    constructor(context: Element | Document);
    mark(keyword: string, options?: MarkOptions): void;
    unmark(options?: { done?: () => void }): void;
  }
}
