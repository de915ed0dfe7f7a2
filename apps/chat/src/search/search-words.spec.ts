import { describe, expect, it } from '@jest/globals';
import { searchWords } from './search.service.js';

describe('searchWords', () => {
  it('splits on everything but letters and digits, keeping accents and other scripts', () => {
    expect(searchWords('  Hello, wörld!  42-x ')).toEqual(['Hello', 'wörld', '42', 'x']);
    expect(searchWords('привет мир')).toEqual(['привет', 'мир']);
    expect(searchWords('"quoted" OR NEAR(a b)')).toEqual(['quoted', 'OR', 'NEAR', 'a', 'b']);
    expect(searchWords('...')).toEqual([]);
  });

  it('keeps at most 16 words', () => {
    expect(searchWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(16);
  });
});
