// Reads a source map (version 3) well enough to name a profiler's frame: the original file, line
// and identifier at a generated line and column (https://tc39.es/source-map/).

interface Segment {
  column: number;
  source: number;
  line: number;
  name: number | null;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The numbers of one base64 VLQ segment. */
function decodeVlq(text: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/** A decoded source map: `at(line, column)` answers where generated code came from. */
export class SourceMap {
  private readonly lines: Segment[][] = [];

  constructor(private readonly map: { sources: string[]; names: string[]; mappings: string }) {
    let source = 0;
    let line = 0;
    let column = 0;
    let name = 0;
    for (const generated of map.mappings.split(';')) {
      const segments: Segment[] = [];
      let genColumn = 0;
      for (const part of generated.split(',')) {
        if (!part) continue;
        const v = decodeVlq(part);
        genColumn += v[0] ?? 0;
        if (v.length < 4) continue;
        source += v[1] as number;
        line += v[2] as number;
        column += v[3] as number;
        let named: number | null = null;
        if (v.length >= 5) {
          name += v[4] as number;
          named = name;
        }
        segments.push({ column: genColumn, source, line, name: named });
      }
      this.lines.push(segments);
    }
  }

  /**
   * The original position of generated (0-based) `line`:`column`, and the nearest identifier the map
   * names at or just after it (a function's name follows the `function` keyword V8 points at).
   */
  at(line: number, column: number): { file: string; line: number; name: string | null; before: boolean } | null {
    const segments = this.lines[line];
    if (!segments?.length) return null;
    let at = -1;
    for (let i = 0; i < segments.length && (segments[i] as Segment).column <= column; i++) at = i;
    // `before`: no source mapping starts at or before the column (the bundler's own wrapper).
    const before = at < 0;
    if (before) at = 0;
    const here = segments[at] as Segment;
    let name: string | null = null;
    for (let i = at; i < Math.min(segments.length, at + 4); i++) {
      const s = segments[i] as Segment;
      if (s.name !== null) {
        name = this.map.names[s.name] ?? null;
        break;
      }
    }
    const file = (this.map.sources[here.source] ?? '?').replace(/^(\.\.\/)+/, '');
    return { file, line: here.line + 1, name, before };
  }

  /**
   * The original name of a function's minified name `generated` (Gecko's label for its frame), from
   * the nearest place before generated (0-based) `line`:`column` (where Gecko's location of a
   * function points: its parameter list, which a class's constructor has some way after the class's
   * name) where the line's text (`lineText`) has that name as a whole word and the map names it:
   * the name the map gives exactly there, not the nearest name to the position (often another
   * identifier). Null when there is none within `reach` characters.
   */
  originalName(line: number, column: number, generated: string, lineText: string, reach = 4000): string | null {
    const segments = this.lines[line] ?? [];
    for (let i = segments.length - 1; i >= 0; i--) {
      const s = segments[i] as Segment;
      if (s.column > column) continue;
      if (s.column < column - reach) break;
      if (s.name === null || !lineText.startsWith(generated, s.column)) continue;
      if (/[\w$]/.test(lineText.charAt(s.column - 1)) || /[\w$]/.test(lineText.charAt(s.column + generated.length))) continue;
      return this.map.names[s.name] ?? null;
    }
    return null;
  }
}
