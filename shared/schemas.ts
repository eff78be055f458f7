/**
 * zod schemas of every body the proxy and the CLI accept, with their inferred types. Both sides
 * validate with these, so a bad request reads the same everywhere.
 */
import { z } from 'zod';
import { FINDING_TYPES, IDENTIFIER_TYPE_VALUES } from './detect/types';
import { isSafeId } from './ids';

export const FindingTypeSchema = z.enum(FINDING_TYPES);

export const FindingSchema = z.object({
  type: FindingTypeSchema,
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  confidence: z.enum(['high', 'medium', 'low']),
  rule: z.string(),
});

/** One line of `scan --jsonl` / `redact --jsonl`, and the body of POST /scan and /redact. */
export const TextRequestSchema = z
  .object({
    text: z.string({ error: (i) => (i.input === undefined ? 'missing "text"' : '"text" must be a string') }),
    /** Name or label of the form field the text came from. */
    field: z.string().max(200, '"field" is longer than 200 characters').optional(),
  })
  .passthrough();
export type TextRequest = z.infer<typeof TextRequestSchema>;

/** A zod error as one readable line: `text: missing "text"`. */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const path = i.path.join('.');
      // Messages that already name their field ("missing \"text\"") need no prefix.
      return path && !i.message.includes(`"${path}"`) ? `${path}: ${i.message}` : i.message;
    })
    .join('; ');
}

/** A client or server id: letters, digits and ._:- with at most eight digits, so no identifier fits. */
export const SafeIdSchema = z.string().refine(isSafeId, 'an id is 8–128 letters, digits or ._:- with at most 8 digits');

/** Where a send happened: a host name or address with an optional port, nothing else. */
export const SiteSchema = z
  .string()
  .max(260)
  .regex(/^(?:[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/, 'site must be a host name with an optional port');

/** A reason code ("separated", "category_not_permitted:personal"): lower-case words, no digits. */
export const ReasonCodeSchema = z.string().max(80).regex(/^[a-z][a-z_]*(?::[a-z_]+)?$/, 'a reason is a code such as "separated"');

/** An identifier sent only to be fingerprinted (HMAC) on arrival; never stored. */
const IdentifierSchema = z.object({ type: z.enum(IDENTIFIER_TYPE_VALUES), value: z.string().min(4).max(40) }).strict();
export type Identifier = z.infer<typeof IdentifierSchema>;

/** The channels a send goes by: `smtp` is mail the agency's mail server handed to the proxy's mail gateway. */
export const CHANNELS = ['email', 'fax', 'form', 'smtp'] as const;
export type Channel = (typeof CHANNELS)[number];
export const ChannelSchema = z.enum(CHANNELS);

const CATEGORY_VALUES = ['personal', 'wage', 'ui', 'employer'] as const;

/** POST /api/v1/recipients/check */
export const RecipientCheckRequestSchema = z
  .object({
    sender: z.string().min(3).max(320),
    channel: ChannelSchema,
    categories: z.array(z.enum(CATEGORY_VALUES)).max(4),
    /** Empty only for a check of identifiers alone (an event that has no recipient to check). */
    recipients: z.array(z.object({ address: z.string().min(1).max(320) }).strict()).max(100, 'at most 100 recipients'),
    /**
     * The message's identifiers: fingerprinted on arrival (opted-out job seekers are recognised) and
     * bound into the check id; never stored, and never sent again with the disclosure.
     */
    identifiers: z.array(IdentifierSchema).max(1000).default([]),
  })
  .strict()
  .refine((b) => b.recipients.length > 0 || b.identifiers.length > 0, { message: 'at least one recipient', path: ['recipients'] });
export type RecipientCheckRequest = z.infer<typeof RecipientCheckRequestSchema>;

const FileFactsSchema = z
  .object({
    type: z.enum(['text', 'csv', 'docx', 'xlsx', 'pdf', 'png', 'jpeg', 'tiff', 'unknown']),
    size: z.number().int().min(0).max(1 << 30),
    pages: z.number().int().min(0).max(100_000).optional(),
    types: z.partialRecord(z.enum(FINDING_TYPES), z.number().int().min(0).max(1_000_000)),
    outcome: z.enum(['clean', 'masked', 'blocked', 'uninspectable']),
  })
  .strict();

export const DECISIONS = [
  'allowed',
  'masked',
  'blocked',
  'warned',
  'audited',
  'review_requested',
  'released',
  /** A full identifier left the page on a path the guard did not see (the network backstop says so). */
  'leaked',
  /**
   * Decided (masked, allowed, warned…) but never handed to the browser: the page closed first, or
   * the page dropped it (a socket closed meanwhile, a beacon the browser refused).
   */
  'not_sent',
] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Why an event has no recipient check behind it: the proxy logs it as client-reported, never as if
 * checked.
 */
export const UNCHECKED = [
  /** warn or audit mode: the site's rule does not enforce. */
  'not_enforced',
  /** Nothing in the send needs an authorized recipient (identifiers masked, nothing else confidential). */
  'nothing_to_check',
  /** The guard knows no recipient to check (a form with no organization, a body masked in flight). */
  'no_recipient',
  'proxy_unreachable',
  /** Decided on a recent answer kept while the proxy could not be reached. */
  'cached_decision',
  /** Refused before any check: an identifier in a web address, content that cannot be inspected. */
  'blocked_before_check',
  /** Seen by the browser's network backstop. */
  'network_backstop',
  /** A file attached to a page, as the file guard found it. */
  'file_attached',
  /** Its check had expired when the event reached the proxy (queued offline for over a day). */
  'check_expired',
  /** Queued by an extension version that did not name checks yet. */
  'queued_before_update',
] as const;
export type Unchecked = (typeof UNCHECKED)[number];

/**
 * POST /api/v1/disclosures: one send attempt with confidential data, as the extension reports it.
 * `id` is the client's event id and the idempotency key. `check` names the proxy's recipient check
 * (its id from POST /recipients/check): the proxy logs its own decision from it, and the identifiers'
 * fingerprints; raw identifiers are never accepted here. An event with no recipient check says why
 * (`unchecked`) and is logged as client-reported. There is no field for the message body, and
 * unknown fields are refused.
 */
export const DisclosureRequestSchema = z
  .object({
    id: SafeIdSchema,
    occurredAt: z.iso.datetime({ offset: true }),
    sender: z.string().min(3).max(320),
    site: SiteSchema,
    channel: ChannelSchema,
    /** The check id (`dgc1.…`); its size grows with the recipients and identifiers it covers. */
    check: z
      .string()
      .max(200_000)
      .regex(/^dgc1\.[A-Za-z0-9_-]{16,}\.[0-9a-f]{64}$/, 'check must be a check id from POST /api/v1/recipients/check')
      .optional(),
    unchecked: z.enum(UNCHECKED).optional(),
    /** Who the send went to (or was meant for); whether each may receive it is the proxy's check. */
    recipients: z.array(z.object({ address: z.string().min(1).max(320) }).strict()).max(100),
    types: z.partialRecord(z.enum(FINDING_TYPES), z.number().int().min(0).max(1_000_000)),
    maskedSamples: z.array(z.string().max(64)).max(20).default([]),
    decision: z.enum(DECISIONS),
    reasons: z.array(ReasonCodeSchema).max(50).default([]),
    statementAdded: z.boolean(),
    reviewId: SafeIdSchema.optional(),
    /** Files in the send: type, size, pages and counts only (never content, never a name). */
    files: z.array(FileFactsSchema).max(20).optional(),
  })
  .strict();
export type DisclosureRequest = z.infer<typeof DisclosureRequestSchema>;

/** POST /api/v1/reviews: staff ask a supervisor to release a blocked send. */
export const ReviewRequestSchema = z
  .object({
    /** The client event id of the blocked attempt. */
    eventId: SafeIdSchema,
    sender: z.string().min(3).max(320),
    justification: z.string().trim().min(10, 'a justification of at least 10 characters is required').max(2000),
    recipients: z.array(z.string().min(1).max(320)).min(1).max(100),
    /** SHA-256 (hex) of the message as it would go out: an approval releases exactly this content. */
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'contentHash must be a SHA-256 in hex').optional(),
  })
  .strict();
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

/** POST /api/v1/releases/redeem: re-sending an approved message, once. */
export const RedeemRequestSchema = z
  .object({
    reviewId: SafeIdSchema,
    contentHash: z.string().regex(/^[0-9a-f]{64}$/, 'contentHash must be a SHA-256 in hex'),
    recipients: z.array(z.string().min(1).max(320)).min(1).max(100),
  })
  .strict();
