// shapes.ts's lazy(): a check built when first used, so the content script's top level builds
// only closures on every recognised page; once built it checks exactly as the check it wraps.
import { describe, expect, it } from 'vitest';
import { lazy, obj, str } from '../../../src/shared/shapes';

describe('lazy checks', () => {
  it('builds its check at its first use, once, and answers as that check', () => {
    let builds = 0;
    const check = lazy(() => (builds++, obj({ id: str(3) })));
    expect(builds).toBe(0);
    expect([check({ id: 'abc' }), check({ id: 'abcd' }), check({ id: 'a', more: 1 }), check(null)]).toEqual([true, false, false, false]);
    expect(builds).toBe(1);
  });
});
