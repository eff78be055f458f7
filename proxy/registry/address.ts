/** Recipient addresses as the registry keys them: lower-case email, E.164 fax number. */
import type { Channel } from '../../shared/schemas';

const EMAIL = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

/** "Jane Q <JANE@Example.org>", "mailto:jane@example.org" → "jane@example.org"; null if not an email. */
export function normalizeEmail(input: string): string | null {
  let s = input.trim();
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle) s = angle[1]!.trim();
  s = s.replace(/^mailto:/i, '').toLowerCase();
  return s.length <= 254 && EMAIL.test(s) ? s : null;
}

/**
 * "(573) 555-0100", "573.555.0100", "1-573-555-0100", "+1 573 555 0100" → "+15735550100".
 * Ten digits are a North American number; a leading "+" keeps the country code (E.164: ≤ 15 digits).
 */
export function normalizeFax(input: string): string | null {
  const s = input.trim();
  if (!/^\+?[\d\s().\-\u2010-\u2015]+$/.test(s)) return null;
  const digits = s.replace(/\D/g, '');
  if (s.startsWith('+')) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0' ? `+${digits}` : null;
  if (digits.length === 10 && /^[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1') && /^[2-9]/.test(digits.slice(1))) return `+${digits}`;
  return null;
}

export function normalizeAddress(input: string, channel: Channel): string | null {
  if (channel === 'fax') return normalizeFax(input);
  if (channel === 'email') return normalizeEmail(input);
  return input.trim() || null;
}
