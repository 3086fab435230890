/**
 * Reviews are typed in a hurry: "disapointing", "excelent", "unacceptible". A lexicon misses such a word entirely, so
 * before scoring, a word the lexicons do not know is replaced by the one lexicon word it is a single edit away from
 * (Damerau-Levenshtein distance 1: one letter added, dropped, changed or two swapped), when exactly one such word
 * exists and both start with the same letter. Short words are left alone: at five letters or fewer one edit turns
 * too many words into others ("bad" → "bed").
 */
import afinnLabels from 'sentiment/languages/en/labels.json';
import { REVIEW_LEXICON } from './review-lexicon';

const MIN_LENGTH = 6;

/** Every lexicon word of MIN_LENGTH letters or more, grouped by first letter and length for a quick look-up. */
const KNOWN_WORDS = new Set([...Object.keys(afinnLabels), ...Object.keys(REVIEW_LEXICON)].filter((word) => /^[a-z]+$/.test(word)));
const CANDIDATES = new Map<string, string[]>();
for (const word of KNOWN_WORDS) {
  if (word.length < MIN_LENGTH - 1) continue;
  const key = `${word[0]}${word.length}`;
  CANDIDATES.set(key, [...(CANDIDATES.get(key) ?? []), word]);
}

/** True when `a` and `b` differ by exactly one insertion, deletion, substitution or transposition. */
export function oneEditApart(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // transposition
  }
  const [longer, shorter] = a.length > b.length ? [a, b] : [b, a];
  return longer.slice(i + 1) === shorter.slice(i);
}

/** The lexicon word a misspelt `word` most likely meant, or undefined when it is known, too short or ambiguous. */
export function correction(word: string): string | undefined {
  const lower = word.toLowerCase();
  if (lower.length < MIN_LENGTH || KNOWN_WORDS.has(lower) || !/^[a-z]+$/.test(lower)) return undefined;
  const first = lower[0] ?? '';
  const matches = [lower.length - 1, lower.length, lower.length + 1]
    .flatMap((length) => CANDIDATES.get(`${first}${length}`) ?? [])
    .filter((candidate) => oneEditApart(lower, candidate));
  return matches.length === 1 ? matches[0] : undefined;
}

/** The text with each recognisably misspelt lexicon word corrected; everything else is kept as it was. */
export function correctSpelling(text: string): string {
  return text.replace(/[A-Za-z]+/g, (word) => correction(word) ?? word);
}
