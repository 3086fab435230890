import { readdirSync } from 'node:fs';
import path from 'node:path';
import { readDefinition, settings, substitute, substitutions } from '../../../statemachines/substitutions';

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
