// Every change Kontekst makes to the page's own DOM goes through this log, and is undone
// in reverse order on teardown, so the page ends up exactly as it was: the same nodes
// (text the page's scripts hold references to keeps its identity), the same text.

/** Undo log for the changes Kontekst makes to the page's DOM. */
export class DomEdits {
  private readonly undo: (() => void)[] = [];

  /** Whether anything is recorded. */
  get empty(): boolean {
    return this.undo.length === 0;
  }

  /**
   * Splits `node` at `offset` and returns the new text node after it. The page keeps its
   * original node (holding the text before `offset`); undo appends the tail back to it.
   */
  split(node: Text, offset: number): Text {
    const tail = node.splitText(offset);
    this.undo.push(() => {
      // Re-join only what is still side by side: the page may have moved or removed either.
      if (tail.parentNode !== null && tail.previousSibling === node) {
        node.appendData(tail.data);
        tail.remove();
      }
    });
    return tail;
  }

  /** Inserts `node` (one of ours) into `parent` before `before`. */
  insert(node: Node, parent: Node, before: Node | null): void {
    parent.insertBefore(node, before);
    this.undo.push(() => (node as ChildNode).remove());
  }

  /** Moves `node` into `wrapper` (one of ours), put where `node` was. */
  wrap(node: ChildNode, wrapper: Element): void {
    const parent = node.parentNode;
    if (!parent) return;
    parent.insertBefore(wrapper, node);
    wrapper.append(node);
    this.undo.push(() => {
      // Whatever the page left inside our wrapper goes back where the wrapper stands.
      if (wrapper.parentNode) wrapper.replaceWith(...Array.from(wrapper.childNodes));
      else wrapper.replaceChildren();
    });
  }

  /** Undoes everything, newest first. */
  revert(): void {
    for (let undo = this.undo.pop(); undo; undo = this.undo.pop()) undo();
  }
}
