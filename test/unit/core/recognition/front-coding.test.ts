// Front coding (src/core/recognition/front-coding.ts): any list of strings comes back as it was,
// sorted lists come back from much less, and a malformed coding is refused.
import { describe, expect, it } from 'vitest';
import { frontCode, frontDecode } from '../../../../src/core/recognition/front-coding';

describe('front coding', () => {
  it.each([
    { reason: 'no strings', strings: [] },
    { reason: 'empty strings and repeats', strings: ['', 'a', 'a', '', 'ab', 'ab'] },
    { reason: 'unsorted strings', strings: ['zeta', 'alpha', 'alphabet', 'al'] },
    { reason: 'strings that differ only inside a surrogate pair', strings: ['x\u{1F600}', 'x\u{1F601}', 'x\u{1F601}y'] },
  ])('gives back $reason as they were', ({ strings }) => {
    const coded = frontCode(strings);
    expect(frontDecode(JSON.parse(JSON.stringify(coded)))).toEqual(strings);
    for (const rest of coded.rest) expect(rest).not.toMatch(/\p{Cs}/u);
  });

  it('writes the start that sorted addresses share once', () => {
    const addresses = Array.from({ length: 1000 }, (_, i) => `nyheder.example/indland/2024/artikel-${1000 + i}`);
    const coded = frontCode(addresses);
    expect(JSON.stringify(coded).length).toBeLessThan(JSON.stringify(addresses).length / 4);
    expect(frontDecode(coded)).toEqual(addresses);
  });

  it.each([
    { reason: 'lists of different lengths', coded: { shared: [0, 1], rest: ['a'] } },
    { reason: 'a share longer than the string before', coded: { shared: [0, 2], rest: ['a', 'b'] } },
    { reason: 'a negative share', coded: { shared: [-1], rest: ['a'] } },
    { reason: 'a share that is not a whole number', coded: { shared: [0, 0.5], rest: ['ab', 'c'] } },
    { reason: 'a rest that is not a string', coded: { shared: [0], rest: [5 as unknown as string] } },
    { reason: 'no lists', coded: {} as { shared: number[]; rest: string[] } },
  ])('refuses $reason', ({ coded }) => {
    expect(() => frontDecode(coded)).toThrow(/malformed front-coded strings/);
  });
});
