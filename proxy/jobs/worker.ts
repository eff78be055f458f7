/**
 * A job worker: a child process of the proxy that runs one job at a time and answers it. Whatever
 * happens in here (a decoder's abort, a runaway allocation) ends this process only.
 */
import { inspectFile, maskFile } from '../../shared/files/inspect';
import { safeFileName } from '../../shared/files/name';
import { countsByType } from '../../shared/files/types';
import { nodeEngine } from '../files/engine';
import { parseOrgsCsv, parseUsersCsv } from '../registry/import';
import type { UserImportContext } from '../registry/import';
import { redactJob, scanJob } from './text-jobs';
import type { PortableFileOptions, Reply, Request } from './protocol';

const engine = nodeEngine();

function options(name: string | undefined, o: PortableFileOptions) {
  const safe = safeFileName(name);
  return { ...o, ...(safe === undefined ? {} : { name: safe }), engine };
}

type FileInput = { bytes: Uint8Array; name: string | undefined; options: PortableFileOptions };

const jobs: Record<Request['kind'], (input: never) => unknown> = {
  async scanFile({ bytes, name, options: o }: FileInput) {
    const r = await inspectFile(bytes, options(name, o));
    return { file: r.file, findings: r.findings };
  },
  async redactFile({ bytes, name, options: o }: FileInput) {
    const m = await maskFile(bytes, options(name, o));
    const counts = countsByType(m.findings.filter((f) => f.confidence !== 'low'));
    return { bytes: m.bytes, mime: m.mime, summary: { file: m.file, counts, masked: m.masked, statementAdded: m.statementAdded } };
  },
  scanText: scanJob,
  redactText: redactJob,
  parseUsersCsv: ({ csv, ctx }: { csv: string; ctx: UserImportContext }) => parseUsersCsv(csv, ctx),
  parseOrgsCsv: ({ csv }: { csv: string }) => parseOrgsCsv(csv),
};

// The proxy that started this worker is gone (ended, or killed without a word): so is its work.
// Without this a worker whose OCR engine keeps its event loop busy would run on, orphaned.
process.on('disconnect', () => process.exit(0));

process.on('message', async (m: Request) => {
  let reply: Reply;
  try {
    reply = { ok: true, value: await jobs[m.kind](m.input as never) };
  } catch (e) {
    const err = e as Error & { code?: unknown; problems?: unknown };
    reply = {
      ok: false,
      error: {
        name: err.name ?? 'Error',
        ...(typeof err.code === 'string' ? { code: err.code } : {}),
        message: err.message ?? String(e),
        ...(Array.isArray(err.problems) ? { problems: err.problems.map(String) } : {}),
      },
    };
  }
  process.send!(reply);
});
