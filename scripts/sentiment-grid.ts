/**
 * How the local Bedrock model's parameters were chosen, reproducibly: a grid search over local/bedrock/model/ensemble.ts's
 * parameters on the Amazon and Yelp sentences of the `sentiment` package's fixtures (the tuning split, 2,000
 * sentences), maximising binary accuracy; ties go to the smaller weight of the phrase cues against the lexicons. IMDB
 * (1,000) is never looked at to choose; its figure is printed beside each configuration to show how the choice
 * carries over.
 *
 *   npx tsx scripts/sentiment-grid.ts            # the ten best configurations on the tuning split
 *
 * The scorers' opinions of each sentence are computed once (reviewComponents), then every configuration only
 * reweighs them (combineComponents), so the search takes seconds.
 */
import { labelledSentences, type Corpus } from '../bench/sentiment/accuracy';
import { combineComponents, ENSEMBLE_PARAMETERS, reviewComponents, type EnsembleParameters } from '../local/bedrock/model/ensemble';

export const GRID = {
  lexiconWeight: [0.5, 1, 2],
  winkWeight: [0, 0.5, 1],
  phrases: [0.5, 1, 2, 3],
  contrastWeight: [0, 0.3, 0.5],
  neutralBand: [0.05, 0.1, 0.15],
} as const;

const TUNING: readonly Corpus[] = ['amazon', 'yelp'];

function main(): void {
  const scored = labelledSentences().map((sentence) => ({ ...sentence, components: reviewComponents(sentence.text) }));
  const accuracy = (parameters: EnsembleParameters, corpora: readonly Corpus[]) => {
    const chosen = scored.filter((sentence) => corpora.includes(sentence.corpus));
    const right = chosen.filter((sentence) => Number(combineComponents(sentence.components, parameters).sentiment === 'positive') === sentence.label).length;
    return right / chosen.length;
  };
  const results: { parameters: EnsembleParameters; tuning: number; imdb: number; all: number }[] = [];
  for (const afinn of GRID.lexiconWeight)
    for (const vader of GRID.lexiconWeight)
      for (const wink of GRID.winkWeight)
        for (const phrases of GRID.phrases)
          for (const contrastWeight of GRID.contrastWeight)
            for (const neutralBand of GRID.neutralBand) {
              const parameters: EnsembleParameters = { weights: { afinn, vader, wink }, phrases, contrastWeight, neutralBand };
              results.push({ parameters, tuning: accuracy(parameters, TUNING), imdb: accuracy(parameters, ['imdb']), all: accuracy(parameters, ['amazon', 'imdb', 'yelp']) });
            }
  // Ties on the tuning split go to the configuration whose hand-written phrase cues weigh least against the lexicon
  // libraries (the cues are meant to correct the lexicons, not outvote them); then the grid's order. Never the
  // held-out figure.
  const phraseShare = (p: EnsembleParameters) => p.phrases / (p.weights.afinn + p.weights.vader + p.weights.wink);
  results.sort((a, b) => b.tuning - a.tuning || phraseShare(a.parameters) - phraseShare(b.parameters));
  const percent = (value: number) => `${(value * 100).toFixed(2)}%`;
  const describe = (p: EnsembleParameters) => `afinn ${p.weights.afinn} vader ${p.weights.vader} wink ${p.weights.wink} phrases ${p.phrases} contrast ${p.contrastWeight} band ${p.neutralBand}`;
  console.log(`grid: ${JSON.stringify(GRID)} (${results.length} configurations)`);
  console.log('tuning (amazon+yelp)  imdb (held out)  all 3,000  parameters');
  for (const result of results.slice(0, 10)) console.log(`${percent(result.tuning).padEnd(22)}${percent(result.imdb).padEnd(17)}${percent(result.all).padEnd(11)}${describe(result.parameters)}`);
  const current = { tuning: accuracy(ENSEMBLE_PARAMETERS, TUNING), imdb: accuracy(ENSEMBLE_PARAMETERS, ['imdb']), all: accuracy(ENSEMBLE_PARAMETERS, ['amazon', 'imdb', 'yelp']) };
  console.log(`in use: ${percent(current.tuning).padEnd(14)}${percent(current.imdb).padEnd(17)}${percent(current.all).padEnd(11)}${describe(ENSEMBLE_PARAMETERS)}`);
}

main();
