/**
 * The local Bedrock model's accuracy, measured in the bench run beside each single lexicon it builds on: binary
 * accuracy on the 3,000 labelled sentences the `sentiment` package ships in test/fixtures/ (amazon.json, imdb.json,
 * yelp.json: 1,000 each, half positive, from the UCI "Sentiment Labelled Sentences" set; each file ends with one
 * empty, unlabelled entry, left out). A sentence counts as predicted positive when the model answers `positive`
 * (a single lexicon: when its score is above 0), and as negative otherwise, neutral included.
 *
 * The model's weights were chosen on Amazon and Yelp only (local/bedrock/model/ensemble.ts), so the IMDB column is
 * the held-out figure. Not a timing figure: the same inputs give the same numbers on any machine.
 */
import amazon from 'sentiment/test/fixtures/amazon.json';
import imdb from 'sentiment/test/fixtures/imdb.json';
import yelp from 'sentiment/test/fixtures/yelp.json';
import { analyseReview } from '../../local/bedrock/model/local-model';
import { LEXICON_NAMES, SINGLE_LEXICONS } from '../../local/bedrock/model/lexicons';
import type { Verdict } from '../goals';

/** Issue 10's goal for the local model. */
export const ACCURACY_GOAL = 0.85;

export const CORPORA = ['amazon', 'imdb', 'yelp'] as const;
export type Corpus = (typeof CORPORA)[number];

export interface LabelledSentence {
  readonly text: string;
  /** 1 positive, 0 negative. */
  readonly label: 0 | 1;
  readonly corpus: Corpus;
}

export interface AccuracyRow {
  /** `local model`, or the lexicon's name. */
  readonly classifier: string;
  readonly byCorpus: Readonly<Record<Corpus, number>>;
  readonly all: number;
}

export interface SentimentAccuracy {
  readonly sentences: number;
  readonly rows: readonly AccuracyRow[];
  readonly goal: number;
  readonly verdict: Verdict;
}

export interface SentimentSection {
  readonly sentiment?: SentimentAccuracy;
}

/** The labelled sentences, the unlabelled trailing entries left out. */
export function labelledSentences(): LabelledSentence[] {
  const files: Record<Corpus, readonly { text: string; class: number | null }[]> = { amazon, imdb, yelp };
  return CORPORA.flatMap((corpus) =>
    files[corpus].flatMap((entry) => (entry.class === 0 || entry.class === 1 ? [{ text: entry.text, label: entry.class, corpus } as const] : [])),
  );
}

/** One classifier's accuracy per corpus and overall. */
export function accuracyOf(classifier: string, predictsPositive: (text: string) => boolean, sentences: readonly LabelledSentence[]): AccuracyRow {
  const right = { amazon: 0, imdb: 0, yelp: 0 };
  const total = { amazon: 0, imdb: 0, yelp: 0 };
  for (const sentence of sentences) {
    total[sentence.corpus] += 1;
    if (Number(predictsPositive(sentence.text)) === sentence.label) right[sentence.corpus] += 1;
  }
  const share = (corpus: Corpus) => (total[corpus] === 0 ? 0 : right[corpus] / total[corpus]);
  const all = sentences.length === 0 ? 0 : (right.amazon + right.imdb + right.yelp) / sentences.length;
  return { classifier, byCorpus: { amazon: share('amazon'), imdb: share('imdb'), yelp: share('yelp') }, all };
}

export function measureSentimentAccuracy(sentences: readonly LabelledSentence[] = labelledSentences()): SentimentAccuracy {
  const model = accuracyOf('local model', (text) => analyseReview(text).sentiment === 'positive', sentences);
  const lexicons = LEXICON_NAMES.map((name) => accuracyOf(`${name} alone`, (text) => SINGLE_LEXICONS[name](text) > 0, sentences));
  return { sentences: sentences.length, rows: [model, ...lexicons], goal: ACCURACY_GOAL, verdict: model.all >= ACCURACY_GOAL ? 'met' : 'MISSED' };
}

/** The figure as a table for the bench report. */
export function formatSentimentLines(result: SentimentAccuracy): string[] {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
  const header = ['classifier', 'amazon', 'imdb (held out)', 'yelp', `all ${result.sentences}`];
  const rows = result.rows.map((row) => [row.classifier, percent(row.byCorpus.amazon), percent(row.byCorpus.imdb), percent(row.byCorpus.yelp), percent(row.all)]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [
    `(sentiment) local Bedrock model, binary accuracy on the sentiment package's labelled sentences (goal >= ${percent(result.goal)}: ${result.verdict})`,
    line(header),
    ...rows.map(line),
  ];
}
