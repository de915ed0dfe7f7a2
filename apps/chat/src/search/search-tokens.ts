/** Letters and digits make words; everything else separates them (as in the SQLite FTS5 unicode61 tokenizer). */
const WORD = /[\p{L}\p{N}]+/gu;

/** The words of a text, as typed. */
export const wordsOf = (text: string): string[] => text.match(WORD) ?? [];

/** A word as search compares it: case-folded, accents removed (like FTS5's `remove_diacritics 2`). */
export const searchToken = (word: string): string => word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The distinct tokens a message is found by on MongoDB: a query matches when every query token is one of them. */
export const searchTokens = (text: string): string[] => [...new Set(wordsOf(text).map(searchToken))];
