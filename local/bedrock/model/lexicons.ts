/**
 * The three well-kept English sentiment lexicons the local model combines, each behind one function that maps a
 * text to a score in [-1, 1] (0: no sentiment-bearing word found). They disagree usefully: AFINN-165 (`sentiment`)
 * and wink (AFINN-165 plus bigrams, emoji and negation) count words; VADER adds intensifiers, "but" weighting and
 * capitalisation. Raw scales differ (AFINN sums integer word scores, wink averages them, VADER is already in
 * [-1, 1]), so the first two are squashed with tanh at a scale where one clearly valenced word (±2 or ±3) lands near
 * ±0.5, VADER's own compound range.
 */
import Sentiment from 'sentiment';
import afinnLabels from 'sentiment/languages/en/labels.json';
import englishNegators from 'sentiment/languages/en/negators.json';
import { SentimentIntensityAnalyzer } from 'vader-sentiment';
import winkSentiment from 'wink-sentiment';
import { REVIEW_LEXICON } from './review-lexicon';

export type LexiconName = 'afinn' | 'vader' | 'wink';

export const LEXICON_NAMES: readonly LexiconName[] = ['afinn', 'vader', 'wink'];

const afinnAnalyzer = new Sentiment();

/**
 * AFINN-165 with the review-domain words of review-lexicon.ts, registered as a language of its own: `sentiment`'s
 * `extras` option would do the same but merges the words into its shared English lexicon for good (5.0.2 assigns
 * them into it), so that plain AFINN would score differently after the first call.
 */
const REVIEWS_LANGUAGE = 'en-reviews';

/**
 * `sentiment`'s English negation (a word right after a negator scores the other way), with the negators reviews use
 * that its list lacks: "no", "never", "without" and the past-tense contractions ("wasn't", "didn't").
 */
const NEGATORS = new Set([
  ...Object.keys(englishNegators),
  'no', 'never', 'without', 'nothing', 'hardly', 'wasnt', "wasn't", 'didnt', "didn't", 'couldnt', "couldn't",
  'wouldnt', "wouldn't", 'arent', "aren't", 'werent', "weren't", 'havent', "haven't", 'hasnt', "hasn't", 'aint', "ain't",
]);

afinnAnalyzer.registerLanguage(REVIEWS_LANGUAGE, {
  labels: { ...afinnLabels, ...REVIEW_LEXICON },
  scoringStrategy: {
    apply: (tokens, cursor, tokenScore) => (cursor > 0 && NEGATORS.has(tokens[cursor - 1] ?? '') ? -tokenScore : tokenScore),
  },
});

/** AFINN-165 alone, as the `sentiment` package scores it. */
export function afinnScore(text: string): number {
  return Math.tanh(afinnAnalyzer.analyze(text).score / 4);
}

/** AFINN-165 with the review words and the wider negation. */
export function afinnReviewScore(text: string): number {
  return Math.tanh(afinnAnalyzer.analyze(text, { language: REVIEWS_LANGUAGE }).score / 4);
}

/** VADER's compound score, already in [-1, 1]. */
export function vaderScore(text: string): number {
  return SentimentIntensityAnalyzer.polarity_scores(text).compound;
}

/** wink-sentiment's normalized score (about -5..5), squashed. */
export function winkScore(text: string): number {
  return Math.tanh(winkSentiment(text).normalizedScore / 2);
}

/** Each library alone, as published: the benchmark's peers. */
export const SINGLE_LEXICONS: Readonly<Record<LexiconName, (text: string) => number>> = {
  afinn: afinnScore,
  vader: vaderScore,
  wink: winkScore,
};
