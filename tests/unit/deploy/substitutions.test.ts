import { readdirSync } from 'node:fs';
import path from 'node:path';
import { imageProcessing, readDefinition, settings, substitute, substitutions } from '../../../statemachines/substitutions';

const map = { FnArn: { 'Fn::GetAtt': ['FnLambdaFunction', 'Arn'] }, TableName: { Ref: 'Table' } };

describe('statemachines/substitutions', () => {
  it.each<[string, unknown, unknown]>([
    ['a whole-string placeholder', { FunctionName: '${FnArn}' }, { FunctionName: { 'Fn::GetAtt': ['FnLambdaFunction', 'Arn'] } }],
    ['an embedded placeholder', { Key: 'prefix/${TableName}/suffix' }, { Key: { 'Fn::Join': ['', ['prefix/', { Ref: 'Table' }, '/suffix']] } }],
    ['placeholders in arrays', ['${TableName}', 'plain'], [{ Ref: 'Table' }, 'plain']],
    ['values without placeholders', { 'Payload.$': '$', n: 1, b: true, z: null }, { 'Payload.$': '$', n: 1, b: true, z: null }],
  ])('replaces %s', (_name, value, expected) => {
    // Act
    const result = substitute(value, map);

    // Assess
    expect(result).toEqual(expected);
  });

  it('names the unknown placeholder and where it is', () => {
    // Act
    const act = () => substitute({ States: { Go: { Parameters: { FunctionName: '${Nope}' } } } }, map, 'flow');

    // Assess
    expect(act).toThrow('Unknown placeholder "${Nope}" at flow.States.Go.Parameters.FunctionName: add it to statemachines/substitutions.js');
  });

  const aslFiles = readdirSync(path.join(__dirname, '../../../statemachines')).filter((file) => file.endsWith('.asl.json'));

  it.each(aslFiles)('knows every placeholder %s uses', (file) => {
    // Prepare
    const definition = readDefinition(file.replace(/\.asl\.json$/, ''));

    // Act
    const placeholders = [...JSON.stringify(definition).matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map(([, name = '']) => name);

    // Assess
    expect(placeholders.length).toBeGreaterThan(0);
    expect(placeholders.filter((name) => !(name in substitutions) && !(name in settings))).toEqual([]);
  });
});

describe('the image-processing definition for osls', () => {
  it('takes MaxConcurrency and the prefixes from serverless.yml settings, and resources as intrinsics', async () => {
    // Prepare: osls's resolveVariable, answering the `self:` paths of custom.images.
    const values: Record<string, unknown> = { 'self:custom.images.maxConcurrency': 7, 'self:custom.images.thumbnailPrefix': 'thumbs/', 'self:custom.images.resultsPrefix': 'runs' };
    const resolveVariable = async (variable: string) => {
      if (!(variable in values)) throw new Error(`unexpected variable ${variable}`);
      return values[variable];
    };

    // Act
    const definition = (await imageProcessing({ resolveVariable })) as { States: Record<string, unknown> };
    const map = definition.States['Resize every image'] as { MaxConcurrency: unknown; ResultWriter: { Arguments: Record<string, unknown> }; ItemProcessor: { States: Record<string, { Arguments: Record<string, unknown> }> } };
    const choice = definition.States['Bucket and prefix given?'] as { Choices: { Assign: Record<string, unknown> }[] };

    // Assess
    expect(map.MaxConcurrency).toBe(7);
    expect(map.ResultWriter.Arguments).toEqual({ Bucket: { Ref: 'ImageResultsBucket' }, Prefix: 'runs' });
    expect(map.ItemProcessor.States['Resize the image']?.Arguments.FunctionName).toEqual({ 'Fn::GetAtt': ['ResizeImageLambdaFunction', 'Arn'] });
    expect(choice.Choices[0]?.Assign).toEqual({ thumbnailPrefix: 'thumbs/' });
  });
});
