/**
 * redact(text): what a non-browser channel sends instead of the text. Identifiers masked, and the
 * confidentiality statement appended exactly once when confidential data was found.
 */
import type { DetectOptions, Finding } from './detect/index';
import { maskText } from './mask';
import type { KeepDigits } from './mask';
import { CONFIDENTIALITY_STATEMENT, hasStatement, withStatement } from './statement';

export interface RedactOptions extends DetectOptions {
  keep?: Readonly<KeepDigits>;
  statement?: string;
}

export interface RedactResult {
  text: string;
  findings: Finding[];
  statementAdded: boolean;
}

/** Confidential data is present when a finding is enforced (high or medium confidence). */
export function isConfidential(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.confidence !== 'low');
}

export function redact(text: string, options: RedactOptions = {}): RedactResult {
  const statement = options.statement ?? CONFIDENTIALITY_STATEMENT;
  const { text: masked, findings } = maskText(text, options);
  if (!isConfidential(findings) || hasStatement(masked, statement)) {
    return { text: masked, findings, statementAdded: false };
  }
  return { text: withStatement(masked, statement), findings, statementAdded: true };
}
