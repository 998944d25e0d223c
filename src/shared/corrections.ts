// Where readers report a mistake in a note (docs/editorial-policy.md). Kontekst sends nothing:
// the options page offers a mailto: link the reader chooses to open in their own e-mail program.

/** The editors' address for corrections. Placeholder until the project has its own mailbox. */
export const CORRECTIONS_ADDRESS = 'rettelser@kontekst.invalid';

/** A mailto: address to the editors with `subject` and `body` filled in (RFC 6068). */
export function reportMistakeHref(subject: string, body: string): string {
  return `mailto:${CORRECTIONS_ADDRESS}?subject=${encodeURIComponent(subject)}&body=${encodeURIComponent(body)}`;
}
