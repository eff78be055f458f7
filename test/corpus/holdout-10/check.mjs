// Validates this set (see ../tools/check-set.mjs).
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

process.argv[2] = dirname(fileURLToPath(import.meta.url));
await import('../tools/check-set.mjs');
