/** scripts/api-report.mjs: what a report holds, so only real changes of public surface make a diff. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error the script is plain JavaScript without declarations
import { entryNames, normaliseDeclarations } from '../scripts/api-report.mjs';

describe('API reports', () => {
  it('drops doc comments and layout, keeps every declaration', () => {
    const a = normaliseDeclarations('/** Parses. */\ndeclare function parse(b: Uint8Array): number;\nexport { parse };\n') as string;
    const b = normaliseDeclarations('/**\n * Parses a packet.\n * @example x\n */\ndeclare function parse(b:   Uint8Array):number\nexport { parse }') as string;
    expect(a).toBe(b);
    expect(a).toContain('declare function parse(b: Uint8Array): number;');
    expect(a).not.toContain('Parses');
    const c = normaliseDeclarations('declare function parse(b: Uint8Array): string;\nexport { parse };\n') as string;
    expect(c).not.toBe(a);
  });
  it('names chunks without their content hash', () => {
    const r = normaliseDeclarations("export { A } from './chunk-CJKLPMJB.js';") as string;
    expect(r).toMatch(/from ["']\.\/chunk\.js["']/);
    expect(r).not.toContain('CJKLPMJB');
  });
  it('has one report per exports entry', () => {
    expect(entryNames({ '.': {}, './node': {}, './package.json': './package.json' })).toEqual(['index', 'node']);
  });
});
