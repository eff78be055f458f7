/**
 * The agency policy the extension applies and the proxy serves (GET /api/v1/policy): data categories,
 * masking, the statement, site modes. Every value is configurable per agency; these are the defaults.
 */
import { z } from 'zod';
import type { FindingType } from './detect/types';
import { FINDING_TYPES } from './detect/types';
import { DEFAULT_KEEP_DIGITS } from './mask';
import { CONFIDENTIALITY_STATEMENT } from './statement';
import { SendSpecPartSchema, SendSpecSchema, sendSpecOf, WEBMAIL_PRESET_NAMES, WEBMAIL_PRESETS } from './webmail';

/** Registry data categories: what a recipient may receive. */
export const CATEGORIES = ['personal', 'wage', 'ui', 'employer'] as const;
export type Category = (typeof CATEGORIES)[number];
export const CategorySchema = z.enum(CATEGORIES);

/** Categories a recipient is authorized for: personal = ssn, itin, dob, bank, routing; wage; ui = ui_benefit; employer = fein. */
export const DEFAULT_CATEGORY_OF_TYPE: Readonly<Record<FindingType, Category>> = Object.freeze({
  ssn: 'personal',
  itin: 'personal',
  dob: 'personal',
  bank_account: 'personal',
  routing_number: 'personal',
  wage: 'wage',
  ui_benefit: 'ui',
  fein: 'employer',
});

/** The categories a message holds, given the types found in it (sorted, unique). */
export function categoriesOf(
  types: Iterable<FindingType>,
  map: Readonly<Record<FindingType, Category>> = DEFAULT_CATEGORY_OF_TYPE,
): Category[] {
  const set = new Set<Category>();
  for (const t of types) set.add(map[t]);
  return CATEGORIES.filter((c) => set.has(c));
}

export const SiteModeSchema = z.enum(['enforce', 'warn', 'audit', 'off']);
export type SiteMode = z.infer<typeof SiteModeSchema>;

export const SiteRuleSchema = z
  .object({
    /** Host pattern: "mail.google.com", "*.example.gov". */
    match: z.string().min(1).max(253),
    adapter: z.enum(['gmail', 'outlook', 'fax', 'form', 'webmail']),
    mode: SiteModeSchema,
    /** For web forms: the registry organization that receives what is submitted. */
    organization: z.string().max(200).optional(),
    /** For a webmail: a client whose send request the product knows… */
    preset: z.enum(WEBMAIL_PRESET_NAMES).optional(),
    /** …or the fields of its send request, as IT names them (over the preset's). */
    send: SendSpecPartSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.adapter !== 'webmail') return;
    if (!r.preset && !r.send) ctx.addIssue({ code: 'custom', path: ['send'], message: `a webmail rule names a preset (${WEBMAIL_PRESET_NAMES.join(', ')}) or its send request` });
    else if (!sendSpecOf(r)) {
      const parsed = SendSpecSchema.safeParse({ ...(r.preset ? WEBMAIL_PRESETS[r.preset] : {}), ...r.send });
      const issue = parsed.success ? undefined : parsed.error.issues[0];
      ctx.addIssue({ code: 'custom', path: ['send', ...(issue?.path ?? [])].map(String), message: issue?.message ?? 'the send request is incomplete' });
    }
  });
export type SiteRule = z.infer<typeof SiteRuleSchema>;

export const PolicySchema = z.object({
  statement: z.string().min(20).max(4000),
  keepDigits: z.partialRecord(z.enum(FINDING_TYPES), z.number().int().min(0).max(9)),
  categoryOfType: z.record(z.enum(FINDING_TYPES), CategorySchema),
  sites: z.array(SiteRuleSchema).max(500),
  /** When the proxy cannot be reached and no fresh answer is cached: block (closed) or warn (open). */
  failMode: z.enum(['closed', 'open']),
  /** How long the extension may reuse a recipient decision, in seconds (≤ 5 minutes). */
  decisionTtlSeconds: z.number().int().min(0).max(300),
  /**
   * The agency's outbound mail passes the proxy's mail gateway, which inspects what a webmail's server
   * attaches itself (a message forwarded as an attachment): the browser then lets such a send go to it.
   */
  mailGateway: z.boolean(),
});
export type Policy = z.infer<typeof PolicySchema>;

export const DEFAULT_POLICY: Policy = {
  statement: CONFIDENTIALITY_STATEMENT,
  keepDigits: { ...DEFAULT_KEEP_DIGITS },
  categoryOfType: { ...DEFAULT_CATEGORY_OF_TYPE },
  sites: [
    { match: 'mail.google.com', adapter: 'gmail', mode: 'enforce' },
    { match: 'outlook.office.com', adapter: 'outlook', mode: 'enforce' },
    { match: 'outlook.office365.com', adapter: 'outlook', mode: 'enforce' },
    { match: 'outlook.live.com', adapter: 'outlook', mode: 'enforce' },
  ],
  failMode: 'closed',
  decisionTtlSeconds: 120,
  mailGateway: false,
};
