import { describe, expect, it } from 'vitest';
import { AUDIO_PACKAGE_VERSION } from '../src/index.js';
import pkg from '../package.json' with { type: 'json' };

describe('@voip/audio', () => {
  it('exports the version of its package.json', () => {
    expect(AUDIO_PACKAGE_VERSION).toBe(pkg.version);
  });
});
