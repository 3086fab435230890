import { accuracyOf, formatSentimentLines, labelledSentences, type LabelledSentence } from '../../../bench/sentiment/accuracy';
import { parsePlan } from '../../../bench/plan';

describe('bench: the local model\'s accuracy figure', () => {
  it('reads the 3,000 labelled sentences, half positive in each corpus, leaving out the unlabelled entries', () => {
    // Act
    const sentences = labelledSentences();

    // Assess
    expect(sentences).toHaveLength(3000);
    for (const corpus of ['amazon', 'imdb', 'yelp']) {
      const ofCorpus = sentences.filter((sentence) => sentence.corpus === corpus);
      expect(ofCorpus).toHaveLength(1000);
      expect(ofCorpus.filter((sentence) => sentence.label === 1)).toHaveLength(500);
    }
    expect(sentences.every((sentence) => sentence.text.trim() !== '')).toBe(true);
  });

  it('counts a classifier right per corpus and overall', () => {
    // Prepare
    const sentences: LabelledSentence[] = [
      { text: 'good', label: 1, corpus: 'amazon' },
      { text: 'bad', label: 0, corpus: 'amazon' },
      { text: 'good', label: 0, corpus: 'imdb' },
      { text: 'meh', label: 1, corpus: 'yelp' },
    ];

    // Act
    const row = accuracyOf('says good', (text) => text === 'good', sentences);

    // Assess
    expect(row).toEqual({ classifier: 'says good', byCorpus: { amazon: 1, imdb: 0, yelp: 0 }, all: 0.5 });
  });

  it('prints a table with the held-out column named and the verdict in the title', () => {
    // Act
    const lines = formatSentimentLines({
      sentences: 4,
      goal: 0.85,
      verdict: 'MISSED',
      rows: [{ classifier: 'local model', byCorpus: { amazon: 1, imdb: 0.5, yelp: 0.25 }, all: 0.6 }],
    });

    // Assess
    expect(lines[0]).toContain('goal >= 85.0%: MISSED');
    expect(lines[1]?.split(/\s{2,}/)).toEqual(['classifier', 'amazon', 'imdb (held out)', 'yelp', 'all 4']);
    expect(lines[2]?.trim().split(/\s{2,}/)).toEqual(['local model', '100.0%', '50.0%', '25.0%', '60.0%']);
  });
});

describe('bench: the sentiment figure on the command line', () => {
  it('is a figure of its own, named in the usage', () => {
    // Act
    const plan = parsePlan(['--only', 'sentiment']);
    const misspelt = () => parsePlan(['--only', 'sentiments']);

    // Assess
    expect(plan.figures).toEqual(['sentiment']);
    expect(misspelt).toThrow('sentiment  the local Bedrock model');
  });
});
