/**
 * What the request guard decides about a body once the page's rule is known: identifiers masked in
 * place (JSON kept valid, form encodings kept), files inspected and replaced by their masked copies,
 * a web form's other confidential data only to the organization its rule names, and a body too large
 * or encoded where masking cannot reach refused on an enforce site.
 */
import { encodedIdentifiers } from '../lib/address';
import type { AddressIdentifier } from '../lib/address';
import { compression } from '../lib/encoded';
import { countsOfValues } from '../lib/samples';
import { isIdentifier } from '../../shared/detect/index';
import type { Finding, FindingType } from '../../shared/detect/types';
import { categoriesOf } from '../../shared/policy';
import type { Category } from '../../shared/policy';
import type { PageConfig, SendEvent } from '../lib/messages';
import { FILE_TYPES_EVENT } from '../lib/request-events';
import type { OutgoingRequest, RequestDecision, RequestFile } from '../lib/request-events';
import { fromBase64, toBase64 } from '../lib/base64';
import type { FileStatus } from '../ui/file-status';
import type { FileVerdict } from './file-inspect';
import { summarizeTypes } from '../ui/words';
import type { Bridge } from './send-types';
import { filesOf, jsonSafe, scanRequest } from './request-scan';
import type { Scanned } from './request-scan';

/** Characters of body text the guard inspects; a larger body on an enforce site is blocked, never passed unread. */
export const MAX_INSPECTED = 5 << 20;

/** The part of the request guard a body's decision uses. */
export interface BodyHost {
  readonly doc: Document;
  readonly bridge: Pick<Bridge, 'checkRecipients'>;
  readonly status: Pick<FileStatus, 'show'>;
  /** The record of a send that goes, logged once the page handed it to the browser. */
  whenSent(req: OutgoingRequest, event: SendEvent): Promise<void>;
  /** The record of a request: its site, identifiers and samples. */
  event(req: OutgoingRequest, config: PageConfig, findings: Finding[], scans: Scanned[], files?: FileVerdict[]): SendEvent;
  inspectFiles(parts: RequestFile[], config: PageConfig): Promise<FileVerdict[]>;
  /** Refused: the dialog says why; the decision comes once the event is logged. */
  block(req: OutgoingRequest, event: SendEvent, reason: string, counts: Partial<Record<FindingType, number>>): Promise<RequestDecision>;
  refuseUnmaskable(req: OutgoingRequest, config: PageConfig, found: AddressIdentifier[], code: string, why: string): { decision?: RequestDecision; logged: Promise<void> };
}

/** A body too large, or encoded where an identifier cannot be masked: refused on an enforce site. */
export function refuseUnreadable(host: BodyHost, req: OutgoingRequest, config: Ruled): Promise<RequestDecision> | undefined {
  const size = req.text?.length ?? req.fields?.reduce((n, f) => n + ('value' in f ? f.value.length : 0), 0) ?? 0;
  if (size > MAX_INSPECTED && config.rule.mode === 'enforce') {
    const event = host.event(req, config, [], []);
    return host.block(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', reasons: ['uninspectable_content'] }, `it is larger than ${MAX_INSPECTED >> 20} MB, too large to inspect`, {});
  }
  return undefined;
}

/** Any body: identifiers masked in place, files inspected, a web form's data to its organization only. */
export async function decideBody(host: BodyHost, req: OutgoingRequest, config: Ruled): Promise<RequestDecision> {
  const parts = filesOf(req);
  const size = req.text?.length ?? req.fields?.reduce((n, f) => n + ('value' in f ? f.value.length : 0), 0) ?? 0;
  if (size > MAX_INSPECTED && config.rule.mode === 'enforce') {
    const event = host.event(req, config, [], []);
    return host.block(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', reasons: ['uninspectable_content'] }, `it is larger than ${MAX_INSPECTED >> 20} MB, too large to inspect`, {});
  }
  // Inside an encoding (base64, a JWT's payload, percent-encoded twice, a gzip or zlib body) an
  // identifier cannot be masked either; what cannot be decoded is refused like an unreadable body.
  const compressed = filesOf(req).flatMap((f) => {
    const bytes = f.data === undefined ? undefined : fromBase64(f.data);
    return bytes && compression(bytes) ? [bytes] : [];
  });
  const texts = req.fields ? req.fields.flatMap((f) => ('value' in f ? [{ text: f.value, field: f.name }] : [])) : req.text ? [{ text: req.text }] : [];
  const encoded = encodedIdentifiers(texts, compressed);
  const refused = host.refuseUnmaskable(req, config, encoded.found, 'identifier_encoded', 'it is encoded (base64, compressed or percent-encoded twice), where it cannot be masked');
  await refused.logged;
  if (refused.decision) return refused.decision;
  if (encoded.unreadable && config.rule.mode === 'enforce') {
    const event = host.event(req, config, [], []);
    return host.block(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', reasons: ['uninspectable_content'] }, `it holds ${encoded.unreadable}, which cannot be inspected`, {});
  }
  // A compressed body read above is text, not a file: nothing more to inspect, it goes as it is.
  if (compressed.length && compressed.length === filesOf(req).length && !req.fields?.some((f) => 'value' in f && /\p{Nd}/u.test(f.value))) return { id: req.id, action: 'send' };
  const scans = scanRequest(req, config.keepDigits);
  const findings = scans.flatMap((s) => s.findings).filter((f) => f.confidence !== 'low');
  if (findings.length === 0 && !req.unreadable && parts.length === 0) return { id: req.id, action: 'send' };
  const mode = config.rule.mode;
  const verdicts = parts.length ? await host.inspectFiles(parts, config) : [];
  const counts = countsOfValues(findings);
  for (const v of verdicts) for (const [t, n] of Object.entries(v.types)) counts[t as FindingType] = (counts[t as FindingType] ?? 0) + n!;
  const event = host.event(req, config, findings, scans, verdicts);
  const cannot = verdicts.find((v) => v.cannot);
  const fileTypes = countsOfVerdicts(verdicts);
  // An attachment uploaded now goes with a message sent later: the send guard checks its recipients for it.
  if (Object.keys(fileTypes).length) {
    const view = (host.doc.defaultView ?? globalThis) as typeof globalThis;
    host.doc.dispatchEvent(new view.CustomEvent(FILE_TYPES_EVENT, { detail: JSON.stringify(fileTypes) }));
  }
  if (mode !== 'enforce') {
    if (Object.keys(counts).length || cannot) await host.whenSent(req, { ...event, unchecked: 'not_enforced', decision: mode === 'warn' ? 'warned' : 'audited', reasons: cannot ? ['uninspectable_content'] : [] });
    if (cannot && mode === 'warn') host.status.show(`${cannot.label} could not be checked for confidential data: ${cannot.cannot}. It was sent as it is.`);
    return { id: req.id, action: 'send' };
  }
  if (req.unreadable || cannot) {
    const reason = cannot ? `${cannot.label} cannot be inspected: ${cannot.cannot}` : `${req.unreadable} cannot be inspected`;
    return host.block(req, { ...event, unchecked: 'blocked_before_check', decision: 'blocked', reasons: ['uninspectable_content'] }, reason, counts);
  }
  // What masking leaves: a web form's other confidential data needs its organization's authorization.
  const remaining = Object.keys(counts).filter((t) => !isIdentifier(t as FindingType)) as FindingType[];
  const categories: Category[] = config.rule.adapter === 'form' ? categoriesOf(remaining, config.categoryOfType) : [];
  // What the event rests on: the proxy's check of the form's organization (the identifiers go with
  // it, once), or why there is none.
  let basis: Pick<SendEvent, 'check' | 'unchecked' | 'identifiers'> = { unchecked: config.rule.adapter === 'form' && !config.rule.organization ? 'no_recipient' : 'nothing_to_check', identifiers: event.identifiers };
  if (categories.length) {
    const org = config.rule.organization;
    const check = org ? await host.bridge.checkRecipients('form', categories, [org], event.identifiers) : undefined;
    if (check?.ok) basis = check.checkId ? { check: check.checkId, identifiers: [] } : { unchecked: 'cached_decision', identifiers: event.identifiers };
    else basis = { unchecked: org ? 'proxy_unreachable' : 'no_recipient', identifiers: event.identifiers };
    const ok = check?.ok && check.decisions.every((d) => d.authorized) && check.sender?.authorized !== false;
    if (!ok) {
      const reason = !org
        ? 'this site is not set up as an authorized recipient of that data'
        : !check?.ok
          ? check?.message ?? 'the registry could not be checked'
          : `${org} may not receive it`;
      return host.block(req, { ...event, ...basis, decision: 'blocked', recipients: org ? [{ address: org }] : [], reasons: [org ? 'organization_not_authorized' : 'no_authorized_organization'] }, reason, counts);
    }
  } else if (config.rule.adapter !== 'form') basis.unchecked = 'no_recipient';
  const maskedFiles = verdicts.filter((v) => v.copy);
  const hasIds = findings.some((f) => isIdentifier(f.type)) || maskedFiles.length > 0;
  // On a mail or fax site a request the guard leaves alone is the site's own business (a draft
  // saved, the message the send guard already checked and logged): it is logged only when changed.
  // Logged once the hook has handed the request to the browser: a send lost with its page is never logged as gone.
  if (hasIds || config.rule.adapter === 'form') await host.whenSent(req, { ...event, ...basis, decision: hasIds ? 'masked' : 'allowed' });
  if (!hasIds) return { id: req.id, action: 'send' };
  if (maskedFiles.length) {
    host.status.show(
      maskedFiles
        .map((v) => `${v.label}: ${summarizeTypes(identifierCounts(v.types))} masked`)
        .join('; ') + '.',
    );
  }
  const copies = verdicts.map((v) => (v.copy ? { type: v.copy.mime, data: toBase64(v.copy.bytes) } : null));
  if (req.file) return copies[0] ? { id: req.id, action: 'replace', file: copies[0] } : { id: req.id, action: 'send' };
  if (req.fields) {
    let k = 0;
    const fields = req.fields.filter((f) => 'value' in f).map((f) => ({ name: f.name, value: scans[k++]!.masked }));
    return { id: req.id, action: 'replace', fields, ...(copies.length ? { files: copies } : {}) };
  }
  return { id: req.id, action: 'replace', text: jsonSafe(req.text ?? '', scans[0]!.masked, config.keepDigits) };
}

/** A page's configuration once its rule is known. */
export type Ruled = PageConfig & { rule: NonNullable<PageConfig['rule']> };

function countsOfVerdicts(verdicts: readonly FileVerdict[]): Partial<Record<FindingType, number>> {
  const out: Partial<Record<FindingType, number>> = {};
  for (const v of verdicts) for (const [t, n] of Object.entries(v.types)) out[t as FindingType] = (out[t as FindingType] ?? 0) + n!;
  return out;
}

function identifierCounts(types: Partial<Record<FindingType, number>>): Partial<Record<FindingType, number>> {
  return Object.fromEntries(Object.entries(types).filter(([t]) => isIdentifier(t as FindingType)));
}
