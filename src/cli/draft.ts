// Drafts: article files the tools write for an editor to finish. Whatever an editor must
// still write is left empty, so the schema refuses the file (and the build refuses to
// ship it) until it is written; `condenseDraftProblems` then reports each unwritten note
// as one line instead of one line per empty field.
import type { DatasetProblem } from '../core/dataset/model';

/** A note as the tools draft it: fields the editor still has to write are empty. */
export interface DraftNote {
  id: string;
  kind: string;
  title: { da: string; en: string };
  body: { da: string; en: string };
  sources: { title: string; publisher: string; published: string; url: string }[];
  asOf: string;
}

/** A claim as the tools draft it. */
export interface DraftClaim {
  id: string;
  selector: { type: 'TextQuoteSelector'; exact: string; prefix?: string; suffix?: string };
  notes: DraftNote[];
}

/** A note for the editor to write: kind, titles, bodies and a source are all still empty. */
export function placeholderNote(id: string, asOf: string): DraftNote {
  return {
    id,
    kind: '',
    title: { da: '', en: '' },
    body: { da: '', en: '' },
    sources: [{ title: '', publisher: '', published: '', url: '' }],
    asOf,
  };
}

/** Today's date as YYYY-MM-DD (UTC). */
export function today(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** The value at a JSON path such as `$.claims[2].notes[0].title.da`, or undefined. */
export function valueAt(root: unknown, path: string): unknown {
  let value = root;
  const steps = path.replace(/^\$/, '').matchAll(/\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g);
  for (const [, name, index, quoted] of steps) {
    if (typeof value !== 'object' || value === null) return undefined;
    const key = name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted as string) as string));
    value = (value as Record<string | number, unknown>)[key];
  }
  return value;
}

const isEmpty = (value: unknown): boolean => value === '' || (Array.isArray(value) && value.length === 0);

const NOTE_PATH = /^(\$\.claims\[\d+\]\.notes\[\d+\])(?:[.[]|$)/;

/**
 * Folds the problems of each note that only has empty fields into one line naming them,
 * e.g. `$.claims[0].notes[0]: draft note to write: kind, title.da, … sources[0].url`.
 * `parsed` is the file's parsed JSON (problems of other files pass through unchanged).
 */
export function condenseDraftProblems(problems: readonly DatasetProblem[], parsedByFile: ReadonlyMap<string, unknown>): DatasetProblem[] {
  const groups = new Map<string, DatasetProblem[]>();
  for (const problem of problems) {
    const note = NOTE_PATH.exec(problem.path)?.[1];
    if (note && parsedByFile.has(problem.file)) {
      const key = `${problem.file}\u0000${note}`;
      groups.set(key, [...(groups.get(key) ?? []), problem]);
    }
  }
  const condensed = new Map<DatasetProblem, DatasetProblem | null>();
  for (const [key, group] of groups) {
    const [file, note] = key.split('\u0000') as [string, string];
    const parsed = parsedByFile.get(file);
    if (!group.every((p) => isEmpty(valueAt(parsed, p.path)))) continue;
    const fields = group.map((p) => p.path.slice(note.length).replace(/^\./, ''));
    group.forEach((p, i) => condensed.set(p, i === 0 ? { file, path: note, message: `draft note to write: ${fields.join(', ')}` } : null));
  }
  return problems.flatMap((p) => {
    const replacement = condensed.get(p);
    return replacement === undefined ? [p] : replacement === null ? [] : [replacement];
  });
}
