// The README's generated sections: each is the body of a `## Heading` section, up to the next
// `## ` heading, rewritten whole by `npm run docs`.

/** The body of README section `heading` (after its heading line and blank line), or null. */
export function readmeSection(readme: string, heading: string): string | null {
  const start = readme.indexOf(`\n## ${heading}\n\n`);
  if (start < 0) return null;
  const from = start + `\n## ${heading}\n\n`.length;
  const end = readme.indexOf('\n## ', from);
  return readme.slice(from, end < 0 ? readme.length : end);
}

/** `readme` with section `heading`'s body replaced by `body`. */
export function withReadmeSection(readme: string, heading: string, body: string): string {
  const current = readmeSection(readme, heading);
  if (current === null) throw new Error(`README.md has no "## ${heading}" section`);
  const from = readme.indexOf(`\n## ${heading}\n\n`) + `\n## ${heading}\n\n`.length;
  return readme.slice(0, from) + body + readme.slice(from + current.length);
}
