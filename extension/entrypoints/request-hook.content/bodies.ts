/**
 * Request bodies as the request hook hands them to the guard and takes them back: what the guard
 * reads of a body (text, form fields, a file's bytes, or why it cannot be read), and the decided body
 * rebuilt in the form the page sent it (a string, URLSearchParams, FormData, a Blob or bytes).
 */
import { SPELLED_PAIR } from '../../../shared/detect/spelled';
import { sniff } from '../../../shared/files/sniff';
import { fromBase64, toBase64 } from '../../lib/base64';
import { MAX_FILE_BYTES } from '../../lib/request-events';
import type { OutgoingRequest, RequestDecision, RequestField, RequestFile } from '../../lib/request-events';

export const HAS_DIGIT = /\p{Nd}/u;
/** A header or cookie value worth asking about: a digit, or a run long enough to be base64 (a JWT). */
const MAY_HOLD_CODED = /\p{Nd}|[A-Za-z0-9+/_-]{16}/u;
/** A value or body worth asking about: as above, or digit words in a row ("five three six …"). */
export const MAY_HOLD = { test: (text: string) => MAY_HOLD_CODED.test(text) || SPELLED_PAIR.test(text) };

async function fileOf(blob: Blob, name: string): Promise<RequestFile> {
  const file: RequestFile = { name, type: blob.type, size: blob.size };
  if (blob.size > MAX_FILE_BYTES) return file;
  return { ...file, data: toBase64(new Uint8Array(await blob.arrayBuffer())) };
}

/** The body as the guard reads it, or null when nothing in it could be confidential. */
export async function describe(body: unknown): Promise<Pick<OutgoingRequest, 'text' | 'fields' | 'form' | 'file' | 'unreadable'> | null> {
  if (body === undefined || body === null) return null;
  // Digits, or a base64 run that may encode some (a JWT, a base64 JSON body).
  if (typeof body === 'string') return MAY_HOLD.test(body) ? { text: body } : null;
  if (body instanceof URLSearchParams) {
    const fields = [...body].map(([name, value]) => ({ name, value }));
    return fields.some((f) => MAY_HOLD.test(f.value) || HAS_DIGIT.test(f.name)) ? { fields, form: 'urlencoded' } : null;
  }
  if (body instanceof FormData) {
    const fields: RequestField[] = [];
    for (const [name, value] of body) {
      if (typeof value === 'string') fields.push({ name, value });
      // An empty file input submits a nameless, empty part: nothing to inspect.
      else if (value.size > 0) fields.push({ name, file: await fileOf(value, value.name) });
      else fields.push({ name, file: { name: value.name, type: value.type, size: 0 } });
    }
    return { fields, form: 'multipart' };
  }
  if (body instanceof Blob) {
    try {
      if (body.size > MAX_FILE_BYTES) return { file: { name: body instanceof File ? body.name : '', type: body.type, size: body.size } };
      const bytes = new Uint8Array(await body.arrayBuffer());
      if (sniff(bytes) !== 'text') return { file: { name: body instanceof File ? body.name : '', type: body.type, size: bytes.length, data: toBase64(bytes) } };
      return { text: new TextDecoder('utf-8', { fatal: false }).decode(bytes) };
    } catch {
      return { unreadable: 'a file or blob that could not be read' };
    }
  }
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    const bytes = body instanceof ArrayBuffer ? new Uint8Array(body) : new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
    if (sniff(bytes) !== 'text') {
      return bytes.length > MAX_FILE_BYTES ? { file: { name: '', type: '', size: bytes.length } } : { file: { name: '', type: '', size: bytes.length, data: toBase64(bytes) } };
    }
    const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
    return MAY_HOLD.test(text) ? { text } : null;
  }
  if (typeof ReadableStream !== 'undefined' && body instanceof ReadableStream) return { unreadable: 'a streamed body' };
  return { unreadable: 'a body of an unknown kind' };
}

/** The decided body in the form the page sent it. */
export function rebuilt(d: RequestDecision, original: unknown, form: OutgoingRequest['form']): unknown {
  if (d.action !== 'replace') return original;
  if (d.fields || d.files) {
    if (form === 'urlencoded') return new URLSearchParams((d.fields ?? []).map((f) => [f.name, f.value]));
    // Multipart: text fields and file parts replaced in order (a null file keeps the original).
    const out = new FormData();
    const texts = [...(d.fields ?? [])];
    const files = [...(d.files ?? [])];
    for (const [name, value] of original as FormData) {
      if (typeof value === 'string') {
        out.append(name, texts.shift()?.value ?? value);
        continue;
      }
      const copy = value.size > 0 ? files.shift() : null;
      if (copy) out.append(name, new File([fromBase64(copy.data) as BlobPart], value.name, { type: copy.type }), value.name);
      else out.append(name, value, value.name);
    }
    return out;
  }
  if (d.file) {
    const bytes = fromBase64(d.file.data);
    if (original instanceof File) return new File([bytes as BlobPart], original.name, { type: d.file.type });
    if (original instanceof Blob) return new Blob([bytes as BlobPart], { type: d.file.type });
    return bytes;
  }
  if (original instanceof Blob) return new Blob([d.text ?? ''], { type: original.type });
  return d.text;
}
