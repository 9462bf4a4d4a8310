/**
 * Every ```ts block of a TSDoc `@example` in packages/{name}/src, as its own module, type-checked against
 * the packages' sources (`@voip/x` resolves as tsconfig.json's `paths` say) with the repository's
 * strict compiler options. Shared by test/tsdoc-examples.test.ts.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

export const root: string = join(import.meta.dirname, '..');

/** One example: where it is and its code (comment stars removed). */
export interface TsdocExample {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

/** Every `.ts` file (not `.d.ts`) under `dir`, as paths. Also used by source-structure.ts. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return sourceFiles(path);
    }
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The ```ts blocks of every `@example` in one source text. */
export function examplesIn(text: string): { line: number; code: string }[] {
  const out: { line: number; code: string }[] = [];
  const re = /@example[^\n]*\n(?:\s*\*[^\n]*\n)*?\s*\*\s*```ts\n([\s\S]*?)\n\s*\*\s*```/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    out.push({ line, code: (m[1] ?? '').replace(/^\s*\* ?/gm, '') });
  }
  return out;
}

/** Every example in packages/{name}/src. */
export function tsdocExamples(): TsdocExample[] {
  const packages = readdirSync(join(root, 'packages')).filter((p) => statSync(join(root, 'packages', p, 'src'), { throwIfNoEntry: false })?.isDirectory());
  return packages.flatMap((p) =>
    sourceFiles(join(root, 'packages', p, 'src')).flatMap((file) =>
      examplesIn(readFileSync(file, 'utf8')).map((e) => ({ file: relative(root, file), ...e })),
    ),
  );
}

/**
 * Type-checks the examples in one program; returns the diagnostics of each (empty: it compiles).
 * Each example is a module of its own (so top-level `await` works and names do not collide), placed
 * beside its source file: examples of internal modules import them relatively (`./ssrc-router.js`).
 */
export function typeCheckExamples(examples: readonly TsdocExample[]): string[][] {
  const config = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) {
    throw new Error('tsconfig.json did not parse');
  }
  const virtual = new Map(
    examples.map((e, i) => [join(root, dirname(e.file), `__example-${i}.ts`), `${e.code}\nexport {};\n`]),
  );
  const host = ts.createCompilerHost(config.options);
  const real = ts.createCompilerHost(config.options);
  host.fileExists = (f) => virtual.has(f) || real.fileExists(f);
  host.readFile = (f) => virtual.get(f) ?? real.readFile(f);
  host.getSourceFile = (f, lang, onError, create) => {
    const text = virtual.get(f);
    return text === undefined ? real.getSourceFile(f, lang, onError, create) : ts.createSourceFile(f, text, lang, true);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options: { ...config.options, noEmit: true, noUnusedLocals: false }, host });
  return [...virtual.keys()].map((f) => {
    const sf = program.getSourceFile(f);
    const diagnostics = sf ? [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)] : [];
    return diagnostics.map((d) => {
      const at = d.start !== undefined && sf ? sf.getLineAndCharacterOfPosition(d.start) : undefined;
      return `${at ? `example line ${at.line + 1}: ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  });
}
