/**
 * The words of every dialog a send can open, in one place: what staff read when a send is warned
 * about, refused, held for review, or needs a fax call confirmed. The send flow (content/send-flow.ts)
 * decides which one opens; what each says and which buttons it offers is here.
 */
import type { FindingType } from '../../shared/detect/types';
import type { Channel, RecipientDecision } from '../lib/messages';
import type { DialogSpec } from './dialog';
import { reasonText, summarizeTypes } from './words';

type Holds = Partial<Record<FindingType, number>>;

const thing = (channel: Channel) => (channel === 'fax' ? 'fax' : 'message');

/** Warn mode: what the message holds, and the choice to send it anyway. */
export function warnDialog(holds: Holds): DialogSpec {
  return {
    name: 'warn',
    title: 'This message holds confidential data',
    body: [`Found: ${summarizeTypes(holds)}.`, 'Send it anyway?'],
    actions: [
      { id: 'edit', label: 'Edit message' },
      { id: 'send', label: 'Send anyway', primary: true },
    ],
    dismiss: 'edit',
  };
}

/** Nothing surely confidential, but a number that could be an identifier: is it one? */
export function suspectedDialog(channel: Channel, suspected: Holds): DialogSpec {
  return {
    name: 'suspected',
    title: `This ${thing(channel)} may hold ${summarizeTypes(suspected)}`,
    body: [
      'It holds nine digits that nothing names and that could be a Social Security number.',
      "If it is one, replace it with the last five digits and the person's full name with middle initial, then send again. If it is something else (a claim or order number), say what it is next to it, or send it as it is.",
    ],
    actions: [
      { id: 'edit', label: 'Edit message', primary: true },
      { id: 'send', label: 'It is not an SSN: send' },
    ],
    dismiss: 'edit',
  };
}

/** A web form whose site is not an authorized recipient of what it holds beyond identifiers. */
export function formNotAuthorizedDialog(holds: Holds): DialogSpec {
  return {
    name: 'blocked',
    title: 'Not submitted',
    body: [
      `This form holds ${summarizeTypes(holds)}, and this site is not set up as an authorized recipient of that data.`,
      'Identifiers were masked. Remove the other confidential data, or ask your supervisor to have the site added.',
    ],
    actions: [{ id: 'edit', label: 'Edit form', primary: true }],
    dismiss: 'edit',
  };
}

/** The sender is not (or no longer) authorized: the registry's reasons. */
export function senderRefusedDialog(channel: Channel, holds: Holds, reasons: readonly string[]): DialogSpec {
  return {
    name: 'sender-refused',
    title: 'Not sent: you may not send confidential data now',
    body: [`This ${thing(channel)} holds ${summarizeTypes(holds)}. The Authorized User Registry says that you:`, 'Ask your supervisor or the registry custodian to renew your access.'],
    list: reasons.map((r) => `${reasonText(r)}.`),
    actions: [{ id: 'edit', label: 'OK', primary: true }],
    dismiss: 'edit',
  };
}

/** Before a fax goes: the call to the recipient confirmed. */
export function faxCallDialog(decisions: readonly RecipientDecision[]): DialogSpec {
  return {
    name: 'fax-confirm',
    title: 'Before you fax',
    body: ['Policy requires you to call the recipient before faxing confidential data and to verify the fax number.'],
    list: decisions.map((d) => `${d.name ?? d.address} — ${d.normalized ?? d.address}`),
    checkbox: 'I called the recipient and verified the fax number.',
    actions: [
      { id: 'edit', label: 'Not yet' },
      { id: 'send', label: 'Send fax', primary: true, requires: 'checkbox' },
    ],
    dismiss: 'edit',
  };
}

/** A recipient may not receive it: who and why; remove them, ask a supervisor, or edit. */
export function recipientsRefusedDialog(channel: Channel, holds: Holds, refused: readonly RecipientDecision[], releaseProblem?: string): DialogSpec {
  return {
    name: 'blocked',
    title: 'Not sent: a recipient may not receive this',
    body: [`This ${thing(channel)} holds ${summarizeTypes(holds)}.`, ...(releaseProblem ? [`The supervisor's approval cannot be used: ${releaseProblem}.`] : [])],
    list: refused.map((d) => `${d.name ? `${d.name} (${d.address})` : d.address} ${d.reasons.map(reasonText).join('; ')}.`),
    justification: 'Why must it go to them? (required to ask your supervisor)',
    actions: [
      // A web form's recipient is its site: there is no one to remove.
      ...(channel !== 'form' ? [{ id: 'remove', label: 'Remove these recipients' }] : []),
      { id: 'review', label: 'Request supervisor review', requires: 'justification' as const },
      { id: 'edit', label: 'Edit message', primary: true },
    ],
    dismiss: 'edit',
  };
}

/** What became of a request for supervisor review. */
export function reviewResultDialog(review: { ok: true } | { ok: false; message: string }): DialogSpec {
  return {
    name: review.ok ? 'review-requested' : 'review-failed',
    title: review.ok ? 'Review requested' : 'The review could not be requested',
    body: review.ok ? ['Your supervisor has been asked to review this send. The message was not sent; it stays here until they decide.'] : [review.message],
    actions: [{ id: 'ok', label: 'OK', primary: true }],
    dismiss: 'ok',
  };
}

/** The proxy could not be reached and the agency fails open: send anyway, logged. */
export function unverifiedDialog(message: string): DialogSpec {
  return {
    name: 'unverified',
    title: 'Recipients could not be checked',
    body: [message, 'Your agency allows sending anyway; the send will be logged.'],
    actions: [
      { id: 'edit', label: 'Edit message' },
      { id: 'send', label: 'Send anyway', primary: true },
    ],
    dismiss: 'edit',
  };
}

/** The proxy could not be reached and the agency fails closed: not sent. */
export function unreachableDialog(message: string): DialogSpec {
  return {
    name: 'unreachable',
    title: 'Not sent: recipients could not be checked',
    body: [message, 'Confidential data is not sent until the recipients can be verified. Try again in a moment.'],
    actions: [{ id: 'edit', label: 'OK', primary: true }],
    dismiss: 'edit',
  };
}
