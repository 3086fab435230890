/**
 * A review's topics: its most frequent content words, neither stop words (the `stopword` package's English list)
 * nor sentiment words (the lexicons'), since topics say what the review is about, not how the reviewer feels.
 * Ties go to the word met first, so the answer is deterministic.
 */
import { eng as ENGLISH_STOP_WORDS } from 'stopword';
import afinnLabels from 'sentiment/languages/en/labels.json';
import { REVIEW_LEXICON } from './review-lexicon';

export const MAX_TOPICS = 3;
const MIN_WORD_LENGTH = 3;

const IGNORED = new Set<string>([...ENGLISH_STOP_WORDS, ...Object.keys(afinnLabels), ...Object.keys(REVIEW_LEXICON)]);

/** Words too common in reviews to name a topic, beyond the stop-word list. */
const REVIEW_FILLER = new Set(['two', 'three', 'four', 'five', 'six', 'ten', 'first', 'second', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'also', 'really', 'just', 'get', 'got', 'one', 'would', 'could', 'will', 'even', 'much', 'well', 'don', 'didn', 'doesn', 'isn', 'wasn', 'won', 'can', 'ever', 'never', 'back', 'time', 'thing', 'things', 'still', 'use', 'used', 'made', 'make']);

export function topicsOf(text: string, limit = MAX_TOPICS): string[] {
  const counts = new Map<string, number>();
  for (const match of text.toLowerCase().matchAll(/[a-z][a-z'-]*[a-z]/g)) {
    const word = match[0].replace(/'s$/, '');
    if (word.length < MIN_WORD_LENGTH || IGNORED.has(word) || REVIEW_FILLER.has(word) || word.includes("'")) continue;
    counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  // Map keeps insertion order and sort is stable: equal counts stay in order of first appearance.
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([word]) => word);
}
