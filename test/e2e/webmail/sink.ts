/** What the webmail tests' SMTP sink (smtp-sink.py) kept: each message's envelope and every MIME part decoded. */
import { readFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { ParsedMail } from 'mailparser';

/** One message as the sink received it. */
export interface SunkMessage {
  /** The SMTP envelope: MAIL FROM and every RCPT TO (Bcc recipients are only here). */
  envelope: { from: string; to: string[] };
  /** The message's own headers, as addresses. */
  from: string[];
  to: string[];
  cc: string[];
  subject: string;
  /** The Message-ID this message answers (a reply's In-Reply-To). */
  inReplyTo?: string;
  /** Every leaf part decoded (transfer encoding undone), attached messages opened part by part. */
  parts: SunkPart[];
  /** All decoded parts' text and the subjects, joined: where a test looks for an identifier. */
  text: string;
  /** The bytes as sent (still encoded). */
  raw: string;
}

export interface SunkPart {
  contentType: string;
  filename?: string;
  text: string;
}

/** One message the sink kept: `<n>.json` (its envelope) beside `<n>.eml` (its bytes). */
export async function readSunk(envelopeFile: string): Promise<SunkMessage> {
  const envelope = JSON.parse(readFileSync(envelopeFile, 'utf8')) as { from: string; to: string[] };
  const raw = readFileSync(envelopeFile.replace(/\.json$/, '.eml'));
  const parsed = await simpleParser(raw);
  const parts = await decodedParts(parsed);
  const addresses = (a: ParsedMail['to']): string[] =>
    (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? '')).filter(Boolean);
  return {
    envelope,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: parsed.subject ?? '',
    inReplyTo: parsed.inReplyTo,
    parts,
    text: [parsed.subject ?? '', ...parts.map((p) => p.text)].join('\n'),
    raw: raw.toString('utf8'),
  };
}

/** The text and HTML bodies and every attachment decoded; an attached message is parsed in turn. */
async function decodedParts(mail: ParsedMail): Promise<SunkPart[]> {
  const parts: SunkPart[] = [];
  if (mail.text) parts.push({ contentType: 'text/plain', text: mail.text });
  if (typeof mail.html === 'string') parts.push({ contentType: 'text/html', text: mail.html });
  for (const a of mail.attachments) {
    if (a.contentType === 'message/rfc822') {
      const inner = await simpleParser(a.content);
      parts.push({ contentType: a.contentType, filename: a.filename, text: `Subject: ${inner.subject ?? ''}` }, ...(await decodedParts(inner)));
    } else {
      parts.push({ contentType: a.contentType, filename: a.filename, text: a.content.toString('utf8') });
    }
  }
  return parts;
}
