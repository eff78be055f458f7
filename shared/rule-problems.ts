/**
 * Why a site rule could not be used as written, as a code: the extension shows the rule and its full
 * reason to the person at the browser, but reports only the code (and what guards the site instead)
 * to the proxy, so nothing IT or staff typed into a rule is stored server-side.
 */
export const RULE_PROBLEMS = {
  not_a_list: 'the site rules are not a list',
  not_a_rule: 'an entry is not a rule',
  no_site: 'the match names no site that can be read',
  every_site: 'the match names every site',
  match_recovered: 'the match could not be read; its host was taken from it',
  unknown_kind: 'the kind of page is unknown to this extension version',
  missing_kind: 'the rule names no kind of page',
  unknown_mode: 'the mode is unknown',
  missing_mode: 'the rule names no mode',
  bad_send: "the webmail's send request is not named, or not in full",
  bad_field: 'another field of the rule is invalid',
} as const satisfies Record<string, string>;

export type RuleProblem = keyof typeof RULE_PROBLEMS;
export const RULE_PROBLEM_CODES = Object.keys(RULE_PROBLEMS) as [RuleProblem, ...RuleProblem[]];

/** What guards a rule's site instead of the rule as written: its kind of page and mode. */
export interface RuleFallback {
  adapter: string;
  mode: 'enforce' | 'warn' | 'audit' | 'off';
}

/** A problem and what the extension does instead, in words built from the code alone. */
export function ruleProblemText(code: RuleProblem, fallback?: RuleFallback): string {
  if (!fallback) return `${RULE_PROBLEMS[code]}: the rule is not applied`;
  return `${RULE_PROBLEMS[code]}: the site is guarded by ${guardWords(fallback.adapter)} at ${fallback.mode}`;
}

/** A kind of page's guard in words: `form` is the generic one, which reads every request body leaving the page. */
export function guardWords(adapter: string): string {
  return adapter === 'form' ? 'the generic request guard' : `its ${adapter} guard`;
}
