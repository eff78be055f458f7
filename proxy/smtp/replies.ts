/**
 * The gateway's refusals in plain words (RFC 5321 replies: short lines, several lines when there
 * is more than one thing to say). The sending mail server returns them to the sender in its bounce.
 */
import { reasonText } from '../../shared/vocabulary';

/** A reply the SMTP server sends as it is: its code and its lines (smtp-server sends an array as a multi-line reply). */
export class SmtpReply extends Error {
  readonly responseCode: number;
  constructor(code: number, lines: string[]) {
    super(lines.join(' '));
    this.responseCode = code;
    // smtp-server writes `message` as the reply text; an array becomes one line each (code-text).
    Object.defineProperty(this, 'message', { value: lines.length > 1 ? lines : lines[0] ?? '' });
  }
}

/** RFC 5321 4.5.3.1.5: a reply line is at most 512 octets with its code and CRLF. */
const MAX_LINE = 400;
/** Lines a refusal names recipients on before it says how many more. */
const MAX_NAMED = 20;

const short = (s: string) => (s.length > MAX_LINE ? `${s.slice(0, MAX_LINE - 1)}…` : s);

export interface Refused {
  address: string;
  reasons: readonly string[];
}

/** Why a message is refused: the sender's reasons, each failing recipient's, each part that cannot be inspected. */
export function refusalLines(sender: Refused | undefined, recipients: readonly Refused[], uninspectable: readonly string[]): string[] {
  const lines = ['Refused by Disclosure Guard: this message holds confidential data and cannot go as it is.'];
  if (sender) lines.push(short(`The sender ${sender.address} ${sender.reasons.map(reasonText).join(', and ')}.`));
  for (const r of recipients.slice(0, MAX_NAMED)) lines.push(short(`${r.address} ${r.reasons.map(reasonText).join(', and ')}.`));
  if (recipients.length > MAX_NAMED) lines.push(`…and ${recipients.length - MAX_NAMED} more recipients who may not receive it.`);
  for (const u of uninspectable) lines.push(short(`${u[0]!.toUpperCase()}${u.slice(1)}.`));
  lines.push('A supervisor has been asked to review it.');
  return lines;
}
