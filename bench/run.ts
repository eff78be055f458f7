/**
 * npm run bench: every benchmark, each printing its numbers beside a baseline measured in the same
 * process. `npm run bench -- detect` runs one.
 */
import { benchDetect } from './detect.bench';
import { benchProxy } from './proxy.bench';
import { benchExtension } from './extension.bench';
import { benchFiles } from './files.bench';
import { benchHostile } from './hostile.bench';
import { benchSmtp } from './smtp.bench';

const suites: Record<string, () => Promise<void>> = { detect: benchDetect, proxy: benchProxy, extension: benchExtension, files: benchFiles, hostile: benchHostile, smtp: benchSmtp };

const wanted = process.argv.slice(2);
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  const run = suites[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(', ')}`);
    process.exit(2);
  }
  await run();
}
