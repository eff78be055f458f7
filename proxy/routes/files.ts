/**
 * POST /api/v1/files/scan and /files/redact: a file as multipart form data (field `file`), for
 * channels outside the browser and for the extension when a PDF or a scan is better read here.
 * The same limits as everywhere (25 MB, pages, time, zip bombs); nothing is stored, not even the
 * file's name. A file that cannot be inspected is 422 `cannot_inspect` with the reason.
 */
import { Hono } from 'hono';
import type { Context } from 'hono';
import { CannotInspect } from '../../shared/files/errors';
import { DEFAULT_FILE_LIMITS } from '../../shared/files/limits';
import { maskedFileName } from '../../shared/files/name';
import type { DeviceEnv } from '../http/auth';
import { ApiError } from '../http/errors';
import { redactFileJob, scanFileJob } from '../jobs/file-jobs';
import { JobFailed } from '../jobs/pool';
import { limit } from './limits';

/** Room for the multipart framing around a file of the maximum size. */
const FRAMING = 64 * 1024;

async function readUpload(c: Context): Promise<{ bytes: Uint8Array; name: string | undefined }> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the file as multipart/form-data with a field named "file"');
  }
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
  if (!boundary) throw new ApiError(400, 'bad_multipart', 'the multipart body names no boundary');
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (countParts(raw, boundary[1] ?? boundary[2]!) > MAX_PARTS) {
    throw new ApiError(400, 'too_many_parts', `the multipart body has more than ${MAX_PARTS} parts; send one file per request`);
  }
  let body: Record<string, unknown>;
  try {
    body = await c.req.parseBody({ all: true });
  } catch {
    throw new ApiError(400, 'bad_multipart', 'the multipart body cannot be read');
  }
  const files = Object.entries(body).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x] as const) : [[k, v] as const]));
  const uploads = files.filter(([, v]) => typeof v === 'object' && v !== null && 'arrayBuffer' in v);
  const named = uploads.filter(([k]) => k === 'file');
  if (named.length === 0) throw new ApiError(400, 'no_file', 'the body has no file in a field named "file"');
  if (named.length > 1 || uploads.length > 1) throw new ApiError(400, 'several_files', 'send one file per request');
  const file = named[0]![1] as File;
  return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name || undefined };
}

/**
 * A job's failure as an answer: a file that cannot be inspected (its reason, a limit its worker
 * passed included) is 422; a full queue or a proxy shutting down is 503, to be tried again.
 */
export const jobRefusal = (c: Context) =>
  function refuse(e: unknown): never {
    if (e instanceof CannotInspect) {
      throw new ApiError(422, 'cannot_inspect', `cannot inspect: ${e.message}`, { reason: e.code });
    }
    if (e instanceof JobFailed && (e.code === 'busy' || e.code === 'closed')) {
      c.header('Retry-After', String(RETRY_AFTER_S));
      throw new ApiError(503, e.code, e.message);
    }
    throw e;
  };

const RETRY_AFTER_S = 5;

/**
 * Parts a body may have: one file and a few fields. Counted in the raw body before it is parsed,
 * so a body of many thousand parts costs one pass over its bytes, not a parse of each.
 */
const MAX_PARTS = 16;

function countParts(body: Uint8Array, boundary: string): number {
  const marker = Buffer.from(`--${boundary}`);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  let n = 0;
  for (let at = buf.indexOf(marker); at >= 0 && n <= MAX_PARTS + 1; at = buf.indexOf(marker, at + marker.length)) n++;
  // The last marker closes the body.
  return Math.max(0, n - 1);
}

export function fileRoutes({ maxFileBytes = DEFAULT_FILE_LIMITS.maxBytes }: { maxFileBytes?: number } = {}) {
  const limits = { maxBytes: maxFileBytes };
  return new Hono<DeviceEnv>()
    .post('/files/scan', limit(maxFileBytes + FRAMING), async (c) => {
      const { bytes, name } = await readUpload(c);
      const r = await scanFileJob(bytes, name, { limits }).catch(jobRefusal(c));
      return c.json(r);
    })
    .post('/files/redact', limit(maxFileBytes + FRAMING), async (c) => {
      const { bytes, name } = await readUpload(c);
      const r = await redactFileJob(bytes, name, { limits }).catch(jobRefusal(c));
      const ext = r.mime.split('/')[1]?.replace(/^.*[.+]/, '') ?? 'bin';
      return new Response(r.bytes.buffer.slice(r.bytes.byteOffset, r.bytes.byteOffset + r.bytes.byteLength) as ArrayBuffer, {
        headers: {
          'content-type': r.mime,
          'content-disposition': `attachment; filename="${maskedFileName(name, ext).replace(/["\\\r\n]/g, '_')}"`,
          'x-disclosure-guard-summary': JSON.stringify(r.summary).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
          'cache-control': 'no-store',
        },
      });
    });
}
