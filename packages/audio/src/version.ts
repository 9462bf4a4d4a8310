/**
 * The package's version marker (replaced at release by changesets' version bump in package.json).
 * @example
 * ```ts
 * import { AUDIO_PACKAGE_VERSION } from '@voip/audio';
 * console.log(AUDIO_PACKAGE_VERSION);
 * ```
 */
export const AUDIO_PACKAGE_VERSION: string = '0.0.0';
