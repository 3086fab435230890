/** The two lexicon libraries the model uses that ship no type definitions (`sentiment` has @types/sentiment). */
declare module 'vader-sentiment' {
  export const SentimentIntensityAnalyzer: {
    polarity_scores(text: string): { neg: number; neu: number; pos: number; compound: number };
  };
}

declare module 'wink-sentiment' {
  function analyseSentiment(text: string): { score: number; normalizedScore: number };
  export = analyseSentiment;
}

declare module 'stopword' {
  /** English stop words. */
  export const eng: readonly string[];
}
