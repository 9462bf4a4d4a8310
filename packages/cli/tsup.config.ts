import { readFileSync } from 'node:fs';
import { packageBuild } from '../../tsup.shared.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The `voip` executable shares the ESM build's chunks with the library entry; the @voip packages stay
// external (they are dependencies).
export default packageBuild(['index'], {
  bin: { voip: 'src/bin.ts' },
  define: { __VOIP_CLI_VERSION__: JSON.stringify(version) },
});
