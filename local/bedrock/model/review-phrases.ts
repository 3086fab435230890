/**
 * Phrases whose sentiment the word lexicons get wrong or miss, because it lies in how words combine: a negated
 * complaint is praise ("no problems", "couldn't be happier"), a warning is phrased as a negated negative ("don't
 * waste your money", which word lexicons flip to positive), a comparison with something better condemns ("I've had
 * better", "better than this"), and reviewers announce their verdict as whether they will return. Each pattern is a
 * general construction of review language with a score on AFINN's -5..5 scale; like review-lexicon.ts they were
 * checked against the Amazon and Yelp sentences only, the IMDB ones held out.
 */

interface PhraseCue {
  readonly pattern: RegExp;
  readonly score: number;
}

const NEGATION = String.raw`(?:no|not|never|without|n't|nothing|zero)`;

export const REVIEW_PHRASES: readonly PhraseCue[] = [
  // Negated complaints.
  { pattern: new RegExp(String.raw`\b${NEGATION}\s+(?:\w+\s+)?(?:problems?|issues?|complaints?|trouble|regrets?|complain)\b`, 'gi'), score: 4 },
  { pattern: /\b(?:could\s*n[o']?t|can\s*n[o']?t|could not|cannot)\s+be\s+(?:any\s+)?(?:more\s+)?(?:happier|happy|better|pleased|more pleased|satisfied)\b/gi, score: 5 },
  // Warnings.
  { pattern: /\b(?:do\s*n'?t|do not|never|not)\s+(?:waste|buy|purchase|bother|order|go|recommend)\b/gi, score: -5 },
  { pattern: /\bsave\s+your\s+(?:money|time|breath)\b/gi, score: -4 },
  { pattern: /\bstay\s+away\b/gi, score: -4 },
  // Something else was better.
  { pattern: /\bbetter\s+than\s+(?:this|these|that|it)\b/gi, score: -4 },
  { pattern: /\b(?:i'?ve|we'?ve|have)\s+had\s+better\b/gi, score: -4 },
  { pattern: /\bat\s+best\b/gi, score: -4 },
  { pattern: /\bhoping\s+for\s+more\b/gi, score: -3 },
  // Coming back, or not.
  { pattern: /\b(?:won'?t|will not|would not|wouldn'?t|never|not)\s+(?:be\s+)?(?:going\s+|coming\s+)?(?:back|return(?:ing)?|revisit(?:ing)?)\b/gi, score: -4 },
  { pattern: /\b(?:will|we'll|i'll|definitely|must|would)\s+(?:definitely\s+)?(?:be\s+)?(?:back|return|come\s+back|go\s+back|coming\s+back|going\s+back|order\s+(?:it\s+|from\s+them\s+)?again)\b/gi, score: 3 },
  { pattern: /\bmust[\s-](?:have|visit|try|see)\b/gi, score: 3 },
  { pattern: /\b(?:ca\s*n'?t|cannot|can not|won'?t)\s+(?:beat|go\s+wrong)\b/gi, score: 4 },
  { pattern: /\b(?:ca\s*n'?t|cannot|can not)\s+wait\b/gi, score: 3 },
  { pattern: /\bout\s+of\s+this\s+world\b/gi, score: 4 },
  { pattern: /\babove\s+and\s+beyond\b/gi, score: 4 },
  { pattern: /\bcheck\s+(?:it|them|this\s+place)\s+out\b/gi, score: 2 },
  { pattern: /\bexactly\s+(?:as|what)\b/gi, score: 2 },
  { pattern: /\b(?:on\s+time|right\s+away|immediately)\b/gi, score: 1 },
  // Star ratings: four or five is praise, one or two (or none) a complaint.
  { pattern: /\b(?:[45]|four|five)[\s-]*stars?\b/gi, score: 3 },
  { pattern: /\b(?:[0-2]|zero|no|one|two)[\s-]*stars?\b/gi, score: -3 },
  { pattern: /\bthumbs\s+up\b/gi, score: 3 },
  { pattern: /\bthumbs\s+down\b/gi, score: -3 },
];

/** The summed score of the phrase cues in a text, squashed to [-1, 1] as the lexicons are. */
export function phraseScore(text: string): number {
  let total = 0;
  for (const { pattern, score } of REVIEW_PHRASES) {
    for (const _ of text.matchAll(pattern)) total += score;
  }
  return Math.tanh(total / 4);
}
