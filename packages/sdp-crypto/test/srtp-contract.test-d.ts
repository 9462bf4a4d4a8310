/**
 * Contract between @voip/sdp-crypto and @voip/srtp: each declares its own SrtpKeyingMaterial /
 * SrtpMasterKey (neither imports the other); the root type check proves the two stay identical.
 * Checked by `npx tsc -p tsconfig.json` at the root (not run by vitest).
 */
import type { SrtpKeyingMaterial as SrtpSideMaterial, SrtpMasterKey as SrtpSideKey } from '@voip/srtp';
import { expectTypeOf } from 'vitest';
import type { SrtpKeyingMaterial, SrtpMasterKey } from '../src/index.js';

expectTypeOf<SrtpMasterKey>().toEqualTypeOf<SrtpSideKey>();
expectTypeOf<SrtpKeyingMaterial>().toEqualTypeOf<SrtpSideMaterial>();

/** What selectCryptoAnswer hands out goes straight into @voip/srtp's options, and back. */
export const ours = (m: SrtpSideMaterial): SrtpKeyingMaterial => m;
export const theirs = (m: SrtpKeyingMaterial): SrtpSideMaterial => m;
