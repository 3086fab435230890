import { pass, problemsOf, task, type Definition } from './definition-problems';

const jsonata = (states: Definition, startAt = 'S'): Definition => ({ QueryLanguage: 'JSONata', StartAt: startAt, States: states });
const jsonPath = (states: Definition, startAt = 'S'): Definition => ({ StartAt: startAt, States: states });
const inner = (state: Definition, name = 'I'): Definition => ({ StartAt: name, States: { [name]: state } });

// https://docs.aws.amazon.com/step-functions/latest/dg/workflow-variables.html (variable name syntax, scope, assigning)
describe('workflow variables at CreateStateMachine', () => {
  it.each<[string, Definition, string]>([
    ['part of a variable (JSONata)', jsonata({ S: pass({ Assign: { 'x.y': 1 } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name 'x.y' assigns part of a variable; only a whole variable can be assigned at /States/S/Assign/x.y"],
    ['part of a variable through an index', jsonata({ S: pass({ Assign: { 'x[2]': 1 } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name 'x[2]' assigns part of a variable; only a whole variable can be assigned at /States/S/Assign/x[2]"],
    ['part of a variable from a path (JSONPath)', jsonPath({ S: pass({ Assign: { 'x.y.$': '$.a' } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name 'x.y' assigns part of a variable; only a whole variable can be assigned at /States/S/Assign/x.y.$"],
    ['the reserved name states', jsonata({ S: pass({ Assign: { states: 1 } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name 'states' is reserved at /States/S/Assign/states"],
    ['a name that is not an identifier', jsonPath({ S: pass({ Assign: { '1st': 1 } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name '1st' is not valid: it must be an identifier of at most 80 characters at /States/S/Assign/1st"],
    ['a name starting with $', jsonPath({ S: pass({ Assign: { $x: 1 } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable name '$x' is not valid: it must be an identifier of at most 80 characters at /States/S/Assign/$x"],
    ['a name longer than 80 characters', jsonPath({ S: pass({ Assign: { ['v'.repeat(81)]: 1 } }) }),
      `SCHEMA_VALIDATION_FAILED: The variable name '${'v'.repeat(81)}' is not valid: it must be an identifier of at most 80 characters at /States/S/Assign/${'v'.repeat(81)}`],
    ['an outer name reassigned in a Map iteration', jsonata({
      S: { Type: 'Map', Assign: { total: 0 }, ItemProcessor: inner(pass({ Assign: { total: 1 } })), End: true },
    }), "SCHEMA_VALIDATION_FAILED: The variable 'total' is already declared in an outer scope; a Parallel branch or Map iteration may not assign it at /States/S/ItemProcessor/States/I/Assign/total"],
    ['an outer name reassigned in a Parallel branch', jsonPath({
      A: pass({ Assign: { seen: true }, End: undefined, Next: 'S' }),
      S: { Type: 'Parallel', Branches: [inner(pass({ Assign: { 'seen.$': '$' } }))], End: true },
    }, 'A'), "SCHEMA_VALIDATION_FAILED: The variable 'seen' is already declared in an outer scope; a Parallel branch or Map iteration may not assign it at /States/S/Branches[0]/States/I/Assign/seen.$"],
    ['an outer name reassigned by an inner Catch', jsonata({
      S: { Type: 'Parallel', Assign: { err: null }, Branches: [{ StartAt: 'T', States: { T: task({ Catch: [{ ErrorEquals: ['States.ALL'], Assign: { err: 1 }, Next: 'F' }] }), F: pass() } }], End: true },
    }), "SCHEMA_VALIDATION_FAILED: The variable 'err' is already declared in an outer scope; a Parallel branch or Map iteration may not assign it at /States/S/Branches[0]/States/T/Catch[0]/Assign/err"],
  ])('refuses %s', (_name, definition, expected) => {
    expect(problemsOf(definition)).toEqual([expected]);
  });

  it.each<[string, Definition]>([
    ['whole variables with letters, digits and underscores', jsonPath({ S: pass({ Assign: { _x1: 1, 'créé.$': '$', total: 2 } }) })],
    ['the same name in two sibling branches', jsonata({ S: { Type: 'Parallel', Branches: [inner(pass({ Assign: { x: 1 } }), 'I1'), inner(pass({ Assign: { x: 2 } }), 'I2')], End: true } })],
    ['an inner scope reading an outer variable', jsonata({ S: { Type: 'Map', Assign: { y: 1 }, ItemProcessor: inner(pass({ Output: '{% $y %}' })), End: true } })],
    ['reassigning a variable in its own scope', jsonata({ A: pass({ Assign: { x: 1 }, End: undefined, Next: 'S' }), S: pass({ Assign: { x: 2 } }) }, 'A')],
  ])('accepts %s', (_name, definition) => {
    expect(problemsOf(definition)).toEqual([]);
  });
});

// https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (the reserved variable $states):
// $states.result only in Task/Parallel/Map Output and Assign; $states.errorOutput only in a Catch's Output and Assign.
describe('$states.result and $states.errorOutput at CreateStateMachine', () => {
  const catching = (catcher: Definition): Definition =>
    jsonata({ S: task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F', ...catcher }] }), F: pass() });

  it.each<[string, Definition, string]>([
    ['$states.result in a Task Arguments', jsonata({ S: task({ Arguments: { a: '{% $states.result %}' } }) }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.result' is not available in the field 'Arguments'; it is available only in the Output and Assign of Task, Parallel and Map states at /States/S/Arguments"],
    ['$states.result in a Pass Output', jsonata({ S: pass({ Output: '{% $states.result %}' }) }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.result' is not available in the field 'Output'; it is available only in the Output and Assign of Task, Parallel and Map states at /States/S/Output"],
    ['$states.result in a Catch', catching({ Output: '{% $states.result %}' }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.result' is not available in the field 'Output'; it is available only in the Output and Assign of Task, Parallel and Map states at /States/S/Catch[0]/Output"],
    ['$states.result in a Choice Condition', jsonata({ S: { Type: 'Choice', Choices: [{ Condition: '{% $states.result = 1 %}', Next: 'E' }], Default: 'E' }, E: pass() }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.result' is not available in the field 'Condition'; it is available only in the Output and Assign of Task, Parallel and Map states at /States/S/Choices[0]/Condition"],
    ['$states.errorOutput in a Task Output', jsonata({ S: task({ Output: '{% $states.errorOutput %}' }) }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.errorOutput' is not available in the field 'Output'; it is available only in the Output and Assign of a Catch at /States/S/Output"],
    ['$states.errorOutput in a Map Items', jsonata({ S: { Type: 'Map', Items: '{% $states.errorOutput %}', ItemProcessor: inner(pass()), End: true } }),
      "SCHEMA_VALIDATION_FAILED: The variable '$states.errorOutput' is not available in the field 'Items'; it is available only in the Output and Assign of a Catch at /States/S/Items"],
  ])('refuses %s', (_name, definition, expected) => {
    expect(problemsOf(definition)).toEqual([expected]);
  });

  it.each<[string, Definition]>([
    ['$states.result in a Task Output', jsonata({ S: task({ Output: '{% $states.result.Payload %}' }) })],
    ['$states.result in a Map Assign', jsonata({ S: { Type: 'Map', Assign: { r: '{% $states.result %}' }, ItemProcessor: inner(pass()), End: true } })],
    ['$states.result in a Parallel Output', jsonata({ S: { Type: 'Parallel', Output: { all: '{% $states.result %}' }, Branches: [inner(pass())], End: true } })],
    ['$states.errorOutput in a Catch Output and Assign', catching({ Output: '{% $states.errorOutput %}', Assign: { e: '{% $states.errorOutput.Error %}' } })],
    ['the words in a string literal outside {% %}', jsonata({ S: pass({ Output: '$states.result' }) })],
  ])('accepts %s', (_name, definition) => {
    expect(problemsOf(definition)).toEqual([]);
  });
});
