// Front coding for the address table's lists of strings (index-files.ts): each string as the
// length of the start it shares with the one before it, and the rest. Sorted addresses share
// most of their length (a publisher's host and sections): at 10,000 synthetic articles the
// addresses take 79 KB this way instead of 559 KB, which a background that wakes cold reads
// before it can recognise a page.

/** Strings front-coded: `shared[i]` characters of string i - 1, then `rest[i]`. */
export interface FrontCoded {
  shared: number[];
  rest: string[];
}

/** The strings front-coded, in their order (sort them first for the most sharing). */
export function frontCode(strings: readonly string[]): FrontCoded {
  const shared: number[] = [];
  const rest: string[] = [];
  let previous = '';
  for (const string of strings) {
    let k = 0;
    const most = Math.min(string.length, previous.length);
    while (k < most && string.charCodeAt(k) === previous.charCodeAt(k)) k++;
    // Never split a surrogate pair: each part stays a well-formed string in JSON.
    if (k > 0 && k < string.length && isLowSurrogate(string.charCodeAt(k))) k--;
    shared.push(k);
    rest.push(string.slice(k));
    previous = string;
  }
  return { shared, rest };
}

/** The strings of frontCode; throws when the coding is malformed. */
export function frontDecode(coded: FrontCoded): string[] {
  const { shared, rest } = coded;
  if (!Array.isArray(shared) || !Array.isArray(rest) || shared.length !== rest.length) throw new Error('malformed front-coded strings');
  const strings = new Array<string>(rest.length);
  let previous = '';
  for (let i = 0; i < rest.length; i++) {
    const k = shared[i];
    const tail = rest[i];
    if (typeof tail !== 'string' || !Number.isInteger(k) || (k as number) < 0 || (k as number) > previous.length) throw new Error('malformed front-coded strings');
    previous = previous.slice(0, k) + tail;
    strings[i] = previous;
  }
  return strings;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
