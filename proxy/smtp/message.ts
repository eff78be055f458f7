/**
 * One message made safe: subject, text and HTML masked; every attachment through the file
 * inspector the proxy uses for POST /files (a masked copy, or the message refused when a file cannot
 * be inspected); a forwarded message (message/rfc822) made safe the same way, recursively; the
 * confidentiality statement added once to the text and HTML bodies when confidential data was found.
 * The result says what was found and builds the outgoing MIME only when something changed.
 */
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { Attachment, ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { CannotInspect } from '../../shared/files/errors';
import type { KeepDigits } from '../../shared/mask';
import { appendStatement, hasStatement } from '../../shared/statement';
import type { DisclosureRequest } from '../../shared/schemas';
import { redactFileJob } from '../jobs/file-jobs';
import { emptyFound, maskPart } from './text-parts';
import type { Found } from './text-parts';

export type FileFacts = NonNullable<DisclosureRequest['files']>[number];

export interface MessageOptions {
  keep: Readonly<KeepDigits>;
  statement: string;
  /** Largest attachment the inspector reads (the gateway's message size). */
  maxFileBytes: number;
}

export interface SafeMessage {
  found: Found;
  files: FileFacts[];
  /** Why the message cannot be made safe (a part that cannot be inspected), in plain words. */
  uninspectable: string[];
  /** Something was masked or added: the outgoing message is `build()`, else the original bytes. */
  changed: boolean;
  statementAdded: boolean;
  /**
   * SHA-256 (hex) of what the message says once safe: subject, text, HTML and every attachment's
   * name and bytes, never its headers (a re-send gets a new Message-ID and date). What a supervisor's
   * approval releases.
   */
  digest: string;
  build(): Promise<Buffer>;
}

/** Encrypted content cannot be read, so it cannot be inspected (S/MIME, OpenPGP). */
const ENCRYPTED = new Set(['application/pkcs7-mime', 'application/x-pkcs7-mime', 'application/pgp-encrypted', 'multipart/encrypted']);
/** Signatures carry no content of their own; a masked message no longer matches its signature, which is dropped. */
const SIGNATURE = new Set(['application/pkcs7-signature', 'application/x-pkcs7-signature', 'application/pgp-signature']);

/** Top-level headers rebuilt by the composer (addresses, MIME structure) or no longer true after masking (DKIM). */
const REBUILT = new Set(['from', 'to', 'cc', 'bcc', 'reply-to', 'sender', 'subject', 'message-id', 'date', 'in-reply-to', 'references', 'mime-version', 'dkim-signature', 'content-type', 'content-transfer-encoding', 'content-disposition', 'content-id']);

const FILE_TYPES = new Set<FileFacts['type']>(['text', 'csv', 'docx', 'xlsx', 'pdf', 'png', 'jpeg', 'tiff']);

export async function makeSafe(raw: Buffer | Readable, o: MessageOptions, addStatement = true): Promise<SafeMessage> {
  const mail = await simpleParser(raw, { ignoreEmbedded: true, skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true, keepCidLinks: true } as Parameters<typeof simpleParser>[1]);
  const found = emptyFound();
  const files: FileFacts[] = [];
  const uninspectable: string[] = [];
  const top = mail.headers.get('content-type') as { value?: string } | undefined;
  if (ENCRYPTED.has(String(top?.value ?? '').toLowerCase())) uninspectable.push('the message is encrypted and cannot be inspected');

  const subject = mail.subject === undefined ? undefined : await maskPart(mail.subject, o.keep, found);
  const text = typeof mail.text === 'string' ? await maskPart(mail.text, o.keep, found) : undefined;
  const html = typeof mail.html === 'string' ? await maskPart(mail.html, o.keep, found) : undefined;
  let changed = [subject, text, html].some((p, i) => p !== undefined && p.text !== [mail.subject, mail.text, mail.html][i]);

  const attachments: Mail.Attachment[] = [];
  for (const a of mail.attachments) {
    const type = a.contentType.toLowerCase();
    if (ENCRYPTED.has(type)) {
      uninspectable.push(`an encrypted part (${type}) cannot be inspected`);
      continue;
    }
    if (SIGNATURE.has(type)) {
      attachments.push({ ...asAttachment(a), content: a.content });
      continue;
    }
    if (type === 'message/rfc822') {
      const inner = await makeSafe(a.content, o, false);
      mergeFound(found, inner.found);
      files.push(...inner.files);
      uninspectable.push(...inner.uninspectable.map((r) => `in a forwarded message: ${r}`));
      if (inner.changed) changed = true;
      attachments.push({ ...asAttachment(a), content: inner.changed ? await inner.build() : a.content, contentType: 'message/rfc822' });
      continue;
    }
    try {
      const r = await redactFileJob(new Uint8Array(a.content.buffer, a.content.byteOffset, a.content.byteLength), a.filename, { limits: { maxBytes: o.maxFileBytes }, keep: o.keep, statement: o.statement });
      const counts = r.summary.counts;
      for (const [t, n] of Object.entries(counts)) found.types[t as keyof Found['types']] = (found.types[t as keyof Found['types']] ?? 0) + (n ?? 0);
      const confidential = Object.values(counts).some((n) => (n ?? 0) > 0);
      const fileType = FILE_TYPES.has(r.summary.file.type as FileFacts['type']) ? (r.summary.file.type as FileFacts['type']) : 'unknown';
      files.push({ type: fileType, size: a.size, ...(r.summary.file.pages ? { pages: r.summary.file.pages } : {}), types: counts, outcome: confidential ? 'masked' : 'clean' });
      if (confidential) {
        changed = true;
        attachments.push({ ...asAttachment(a), content: Buffer.from(r.bytes), contentType: r.mime });
      } else attachments.push({ ...asAttachment(a), content: a.content });
    } catch (e) {
      if (!(e instanceof CannotInspect)) throw e;
      files.push({ type: 'unknown', size: a.size, types: {}, outcome: 'uninspectable' });
      uninspectable.push(`an attachment cannot be inspected (${e.message})`);
    }
  }

  const confidential = Object.values(found.types).some((n) => (n ?? 0) > 0);
  let statementAdded = false;
  let textOut = text?.text;
  let htmlOut = html?.text;
  if (addStatement && confidential) {
    if (textOut !== undefined && !hasStatement(textOut, o.statement)) {
      textOut = appendStatement(textOut, o.statement);
      statementAdded = true;
    }
    if (htmlOut !== undefined && !hasStatement(htmlOut, o.statement)) {
      htmlOut = withStatementHtml(htmlOut, o.statement);
      statementAdded = true;
    }
    if (textOut === undefined && htmlOut === undefined) {
      textOut = o.statement;
      statementAdded = true;
    }
    if (statementAdded) changed = true;
  }

  const digest = createHash('sha256');
  for (const piece of [subject?.text ?? mail.subject ?? '', textOut ?? '', htmlOut ?? '']) digest.update(`${Buffer.byteLength(piece)}:`).update(piece);
  for (const a of attachments) {
    const bytes = typeof a.content === 'string' ? Buffer.from(a.content) : Buffer.isBuffer(a.content) ? a.content : Buffer.alloc(0);
    digest.update(`${a.filename ?? ''}\u0000${bytes.length}:`).update(bytes);
  }
  return {
    found,
    files,
    uninspectable,
    changed,
    statementAdded,
    digest: digest.digest('hex'),
    build: () => compose(mail, { subject: subject?.text, text: textOut, html: htmlOut, attachments }),
  };
}

function mergeFound(into: Found, from: Found): void {
  for (const [t, n] of Object.entries(from.types)) into.types[t as keyof Found['types']] = (into.types[t as keyof Found['types']] ?? 0) + (n ?? 0);
  for (const t of from.maskedTypes) into.maskedTypes.add(t);
  into.samples.push(...from.samples.slice(0, Math.max(0, 20 - into.samples.length)));
  into.identifiers.push(...from.identifiers);
}

function asAttachment(a: Attachment): Mail.Attachment {
  return {
    contentType: a.contentType,
    ...(a.filename ? { filename: a.filename } : {}),
    ...(a.cid ? { cid: a.cid } : {}),
    contentDisposition: a.contentDisposition === 'inline' && a.cid ? 'inline' : 'attachment',
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The statement as a paragraph before `</body>`, or at the end of a fragment. */
function withStatementHtml(html: string, statement: string): string {
  const p = `<p class="confidentiality-statement">${escapeHtml(statement)}</p>`;
  const end = html.search(/<\/body\s*>/i);
  return end >= 0 ? html.slice(0, end) + p + html.slice(end) : html + p;
}

/** The header's value as the message had it (unfolded), or undefined. */
function rawHeader(mail: ParsedMail, key: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === key)?.line;
  return line === undefined ? undefined : line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

/** The outgoing message: the original's headers kept, its parts replaced by their safe versions. */
async function compose(mail: ParsedMail, parts: { subject?: string; text?: string; html?: string; attachments: Mail.Attachment[] }): Promise<Buffer> {
  const kept = mail.headerLines.filter((h) => !REBUILT.has(h.key)).map((h) => ({ key: h.line.slice(0, h.line.indexOf(':')), value: { prepared: true, value: h.line.slice(h.line.indexOf(':') + 1).trim() } }));
  const options: Mail.Options = {
    ...(rawHeader(mail, 'from') ? { from: rawHeader(mail, 'from') } : {}),
    ...(rawHeader(mail, 'sender') ? { sender: rawHeader(mail, 'sender') } : {}),
    ...(rawHeader(mail, 'to') ? { to: rawHeader(mail, 'to') } : {}),
    ...(rawHeader(mail, 'cc') ? { cc: rawHeader(mail, 'cc') } : {}),
    ...(rawHeader(mail, 'reply-to') ? { replyTo: rawHeader(mail, 'reply-to') } : {}),
    ...(parts.subject !== undefined ? { subject: parts.subject } : {}),
    ...(mail.messageId ? { messageId: mail.messageId } : {}),
    ...(rawHeader(mail, 'date') ? { date: rawHeader(mail, 'date') } : {}),
    ...(rawHeader(mail, 'in-reply-to') ? { inReplyTo: rawHeader(mail, 'in-reply-to') } : {}),
    ...(rawHeader(mail, 'references') ? { references: rawHeader(mail, 'references') } : {}),
    ...(parts.text !== undefined ? { text: parts.text } : {}),
    ...(parts.html !== undefined ? { html: parts.html } : {}),
    attachments: parts.attachments,
    // prepared: the original header's text as it was, not encoded again.
    headers: kept as unknown as Mail.Options['headers'],
  };
  return new MailComposer(options).compile().build();
}
