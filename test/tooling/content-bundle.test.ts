// What the content script's bundle (content/annotate.js, run afresh on every recognised page)
// holds: its top level builds every check of every module it bundles (esbuild cannot drop a
// combinator's call), so it must bundle only its own messages' (src/shared/tab-messages.ts).
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function contentBundle(): Promise<{ inputs: string[]; text: string }> {
  const result = await build({ entryPoints: ['src/content/annotate.ts'], bundle: true, format: 'iife', write: false, metafile: true, logLevel: 'silent' });
  return { inputs: Object.keys(result.metafile.inputs), text: result.outputFiles[0]?.text ?? '' };
}

describe('the content script bundle', () => {
  it("holds the tab's messages but not the popup's and options page's checks, nor background code", async () => {
    const { inputs, text } = await contentBundle();
    expect(inputs).toContain('src/shared/tab-messages.ts');
    expect(inputs).not.toContain('src/shared/messages.ts');
    expect(inputs).not.toContain('src/shared/request.ts');
    expect(inputs.filter((path) => path.startsWith('src/background/'))).toEqual([]);
    for (const type of ['background:show-claim', 'content:anchored']) expect(text).toContain(type);
    for (const type of ['popup:get-state', 'options:add-pack']) expect(text).not.toContain(type);
  });
});
