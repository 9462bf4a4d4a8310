/**
 * Structural facts about the libraries' sources that a review would otherwise check by hand: the import
 * graph of each package's `src` (type-only imports included) and the length of every function.
 * Used by `source-structure.test.ts`.
 * @module
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export { sourceFiles } from './tsdoc-examples.js';

/** The relative imports and re-exports of one file (type-only ones included), resolved to `.ts` paths. */
export function relativeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    const spec =
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier
        ? statement.moduleSpecifier
        : undefined;
    if (spec !== undefined && ts.isStringLiteral(spec) && spec.text.startsWith('.')) {
      out.push(normalize(join(dirname(file), spec.text.replace(/\.js$/, '.ts'))));
    }
  }
  return out;
}

/** The import cycles among `files` (strongly connected components of more than one file, or a self-import). */
export function importCycles(files: readonly string[], root: string): string[][] {
  const graph = new Map(files.map((f) => [f, relativeImports(f).filter((t) => files.includes(t))]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(relative(root, w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
        cycles.push(component.sort());
      }
    }
  };
  for (const f of files) {
    if (!index.has(f)) {
      visit(f);
    }
  }
  return cycles;
}

/** A function (declaration, method, accessor, constructor, arrow or expression) and its length in lines. */
export interface FunctionLength {
  readonly where: string;
  readonly lines: number;
}

/** Every function in `file` with its length in lines, from its first line to its last. */
export function functionLengths(file: string, root: string): FunctionLength[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionLength[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = 'name' in node && node.name !== undefined ? node.name.getText(source) : '(anonymous)';
      out.push({ where: `${relative(root, file)}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
