/** Console passwords: argon2id (OWASP Password Storage Cheat Sheet parameters: m=19 MiB, t=2, p=1). */
import { createRequire } from 'node:module';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;

// algorithm 2 is Argon2id in @node-rs/argon2's Algorithm enum (a const enum, not importable here).
const OPTIONS = { algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A valid hash to verify against when the account does not exist, so timing does not tell. */
let dummy: Promise<string> | null = null;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword('not-a-real-password-0000');
  return dummy;
}

// The Firefox Accounts list of common passwords (from the top million of a public breach corpus).
const common = createRequire(import.meta.url)('fxa-common-password-list') as { test(p: string): boolean };

const SEQUENCES = ['abcdefghijklmnopqrstuvwxyz', '01234567890', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn'];

/**
 * Why a new password is refused, or undefined (NIST SP 800-63B §5.1.1.2: at least the minimum
 * length, and not a known common password, a repetition, a sequence or the account's own name).
 */
export function passwordProblem(password: string, email = ''): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > 256) return 'the password must be at most 256 characters';
  const lower = password.toLowerCase();
  if (common.test(password) || common.test(lower)) return 'the password is on a list of commonly used passwords';
  if (new Set(lower).size <= 3) return 'the password repeats too few characters';
  // A run of one short unit ("abcabcabcabc", "121212121212").
  if (/^(.{1,4})\1+.{0,3}$/.test(lower)) return 'the password is a repeated pattern';
  const squeezed = lower.replace(/[^a-z0-9]/g, '');
  if (SEQUENCES.some((seq) => seq.includes(squeezed) || [...seq].reverse().join('').includes(squeezed))) {
    return 'the password is a keyboard or alphabet sequence';
  }
  const local = email.split('@')[0]!.toLowerCase();
  if (local.length >= 4 && lower.includes(local)) return 'the password contains the account name';
  if (/^(password|passw0rd|letmein|welcome|changeme|admin|qwerty)[\W\d_]*$/i.test(password)) return 'the password is a common word with digits';
  return undefined;
}
