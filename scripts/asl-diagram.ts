/**
 * Draws an ASL definition as a mermaid flowchart, so README's diagrams are generated from the state machines they
 * describe rather than drawn by hand. `npm run diagrams` rewrites every README block marked
 * `<!-- diagram:<file> -->` … `<!-- /diagram -->`; a unit test fails when one is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Array<{ Next: string; Comment?: string; Condition?: unknown; Variable?: string }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Branches?: Block[];
  ItemProcessor?: Block;
  Iterator?: Block;
  Error?: unknown;
  /** Whatever else a state holds (fields that do not change the drawing). */
  [field: string]: unknown;
}

export interface Block {
  StartAt: string;
  States: Record<string, State>;
}

/** Mermaid node ids: letters, digits and underscores, unique per scope path. */
const nodeId = (scope: string, name: string) => `${scope}${name}`.replace(/[^A-Za-z0-9]+/g, '_');

/** Mermaid labels inside quotes: a double quote would end the label. */
const label = (text: string) => text.replace(/"/g, '#quot;');

function shape(id: string, name: string, state: State): string {
  switch (state.Type) {
    case 'Choice':
      return `${id}{"${label(name)}"}`;
    case 'Succeed':
      return `${id}(["${label(name)}"])`;
    case 'Fail':
      return `${id}[["${label(name)}"]]`;
    case 'Wait':
      return `${id}[/"${label(name)}"/]`;
    case 'Pass':
      return `${id}("${label(name)}")`;
    default:
      return `${id}["${label(name)}"]`;
  }
}

/** Renders one block (the machine, a branch or an item processor) and returns its lines and end node ids. */
function renderBlock(block: Block, scope: string, lines: string[], indent: string): { start: string; ends: string[] } {
  const ends: string[] = [];
  for (const [name, state] of Object.entries(block.States)) {
    const id = nodeId(scope, name);
    if (state.Type === 'Parallel' || state.Type === 'Map') {
      lines.push(`${indent}subgraph ${id}["${label(name)}"]`);
      lines.push(`${indent}  direction TB`);
      const inner = state.Type === 'Parallel' ? state.Branches ?? [] : [state.ItemProcessor ?? state.Iterator!];
      inner.forEach((branch, index) => renderBlock(branch, `${id}_${index}_`, lines, `${indent}  `));
      lines.push(`${indent}end`);
    } else {
      lines.push(`${indent}${shape(id, name, state)}`);
    }
    const target = (next: string) => nodeId(scope, next);
    if (state.Next) lines.push(`${indent}${id} --> ${target(state.Next)}`);
    state.Choices?.forEach((rule, index) => lines.push(`${indent}${id} -->|"${label(rule.Comment ? shortRule(rule.Comment) : `rule ${index + 1}`)}"| ${target(rule.Next)}`));
    if (state.Default) lines.push(`${indent}${id} -->|default| ${target(state.Default)}`);
    state.Catch?.forEach((catcher) => lines.push(`${indent}${id} -.->|"${label(catcher.ErrorEquals.join(', '))}"| ${target(catcher.Next)}`));
    if (state.End || state.Type === 'Succeed') ends.push(id);
  }
  return { start: nodeId(scope, block.StartAt), ends };
}

/** A choice rule's Comment, cut to its first clause, as an edge label. */
const shortRule = (comment: string) => (comment.split(/[:.;]/, 1)[0] ?? comment).trim();

/** The mermaid source for a definition: start and end markers, states by type, Catch edges dashed. */
export function aslToMermaid(definition: Block): string {
  const lines = ['flowchart TD', '  start((start))'];
  const { start, ends } = renderBlock(definition, '', lines, '  ');
  lines.push(`  start --> ${start}`);
  lines.push('  finish((end))');
  for (const end of ends) lines.push(`  ${end} --> finish`);
  return `${lines.join('\n')}\n`;
}

const BLOCK = /<!-- diagram:(\S+) -->\n```mermaid\n[\s\S]*?```\n<!-- \/diagram -->/g;

/** README with every marked diagram regenerated from the ASL file it names (relative to the repository root). */
export function refreshDiagrams(readme: string, root: string): string {
  return readme.replace(BLOCK, (_block, file: string) => {
    const definition = JSON.parse(readFileSync(path.join(root, file), 'utf8')) as Block;
    return `<!-- diagram:${file} -->\n\`\`\`mermaid\n${aslToMermaid(definition)}\`\`\`\n<!-- /diagram -->`;
  });
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const readmePath = path.join(root, 'README.md');
  const before = readFileSync(readmePath, 'utf8');
  const after = refreshDiagrams(before, root);
  writeFileSync(readmePath, after);
  console.log(after === before ? 'README diagrams already up to date' : 'README diagrams regenerated');
}
