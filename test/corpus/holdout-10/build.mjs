// Builds this set's JSONL files from src/ (see ../tools/build-set.mjs).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

process.argv[2] = dirname(fileURLToPath(import.meta.url));
await import('../tools/build-set.mjs');
