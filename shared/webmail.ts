/**
 * A webmail's send request, as IT names it in a site rule (`adapter: "webmail"`): which request sends
 * a message and which of its fields hold the recipients, the subject and the body. The request guard
 * reads every send from the request itself, whatever the page looks like. Presets name the requests
 * of webmails whose source is public; a rule may name a preset, its own `send`, or both (its own
 * fields then override the preset's).
 *
 * A condition is `name=value` (a field of the address's query or of the body; for a JSON body a
 * dotted path such as `params.Action=SendMessage`), or a text starting with `/` or `?` that the
 * request's address contains (`/?/Upload/`).
 */
import { z } from 'zod';

const ConditionSchema = z
  .string()
  .min(2)
  .max(200)
  .refine((c) => /^[/?]/.test(c) || /^[^=\s]+=[^\s]*$/.test(c), 'a condition is name=value, or part of an address starting with / or ?');

const FieldSchema = z.string().min(1).max(100);

const SendSpecShape = z
  .object({
    /** Every condition holds for a request that sends a message. */
    when: z.array(ConditionSchema).min(1).max(10),
    /** Every condition holds for a request that saves a draft instead (checked first). */
    draft: z.array(ConditionSchema).max(10).optional(),
    to: FieldSchema,
    cc: FieldSchema.optional(),
    bcc: FieldSchema.optional(),
    subject: FieldSchema.optional(),
    /** The body as the client sends it: plain text, or HTML when `htmlFlag` is set. */
    body: FieldSchema.optional(),
    /** A field that, when set (not empty, 0 or false), says `body` is HTML. */
    htmlFlag: FieldSchema.optional(),
    /** A second body field that always holds HTML. */
    htmlBody: FieldSchema.optional(),
    /** The attachments the message takes from the server: a comma-separated list, a list or an object. */
    attachments: FieldSchema.optional(),
    /** Requests that upload an attachment (each adds one the page held). */
    upload: z.array(ConditionSchema).max(10).optional(),
    /** Requests that remove one. */
    remove: z.array(ConditionSchema).max(10).optional(),
  })
  .strict();
export const SendSpecSchema = SendSpecShape.refine((s) => s.body || s.htmlBody, { message: 'a send request names its body field (body or htmlBody)', path: ['body'] });
/** What a rule may give over a preset: any of the fields. */
export const SendSpecPartSchema = SendSpecShape.partial();
export type SendSpec = z.infer<typeof SendSpecSchema>;

/**
 * Webmails whose requests were read from their public source.
 * - Roundcube 1.6: the compose form posted to `?_task=mail` with `_action=send` (a draft adds `_draft=1`),
 *   attachments uploaded one by one with `_action=upload` and listed by id in `_attachments`.
 * - SnappyMail 2: JSON posted to `?/Json/` with `Action` `SendMessage` (`SaveMessage` for a draft),
 *   attachments uploaded to `?/Upload/` and listed by name in the `attachments` object.
 */
export const WEBMAIL_PRESETS = {
  roundcube: {
    when: ['_action=send'],
    draft: ['_action=send', '_draft=1'],
    to: '_to',
    cc: '_cc',
    bcc: '_bcc',
    subject: '_subject',
    body: '_message',
    htmlFlag: '_is_html',
    attachments: '_attachments',
    upload: ['_action=upload'],
    remove: ['_action=remove-attachment'],
  },
  snappymail: {
    when: ['Action=SendMessage'],
    draft: ['Action=SaveMessage'],
    to: 'to',
    cc: 'cc',
    bcc: 'bcc',
    subject: 'subject',
    body: 'plain',
    htmlBody: 'html',
    attachments: 'attachments',
    upload: ['/?/Upload/'],
  },
} as const satisfies Record<string, SendSpec>;
export type WebmailPreset = keyof typeof WEBMAIL_PRESETS;
export const WEBMAIL_PRESET_NAMES = Object.keys(WEBMAIL_PRESETS) as [WebmailPreset, ...WebmailPreset[]];

/** The send request a webmail rule names: its own fields over its preset's. */
export function sendSpecOf(rule: { preset?: WebmailPreset; send?: Partial<SendSpec> }): SendSpec | undefined {
  const base = rule.preset ? (WEBMAIL_PRESETS[rule.preset] as SendSpec) : undefined;
  if (!base && !rule.send) return undefined;
  const merged = { ...(base ?? {}), ...(rule.send ?? {}) };
  const parsed = SendSpecSchema.safeParse(merged);
  return parsed.success ? parsed.data : undefined;
}
