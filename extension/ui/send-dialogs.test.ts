import { describe, expect, it } from 'vitest';
import { recipientsRefusedDialog, reviewResultDialog, senderRefusedDialog, unreachableDialog } from './send-dialogs';

const refused = [{ address: 'pat@partner.example.org', normalized: 'pat@partner.example.org', authorized: false, reasons: ['training_expired'], name: 'Pat Partner' }];

describe('the words of the send dialogs', () => {
  it('a refused recipient: who and why in words; a web form has no one to remove', () => {
    const mail = recipientsRefusedDialog('email', { ssn: 1 }, refused);
    expect(mail.title).toBe('Not sent: a recipient may not receive this');
    expect(mail.list![0]).toMatch(/^Pat Partner \(pat@partner\.example\.org\) .+\.$/);
    expect(mail.list![0]).not.toMatch(/training_expired/);
    expect(mail.actions.map((a) => a.id)).toEqual(['remove', 'review', 'edit']);
    expect(recipientsRefusedDialog('form', { wage: 1 }, refused).actions.map((a) => a.id)).toEqual(['review', 'edit']);
    expect(recipientsRefusedDialog('fax', { ssn: 1 }, refused, 'it has expired').body).toEqual([expect.stringMatching(/^This fax holds /), "The supervisor's approval cannot be used: it has expired."]);
  });

  it('the sender refused, a review asked or not, the proxy unreachable: each says what happened and what to do', () => {
    expect(senderRefusedDialog('email', { ssn: 1 }, ['attestation_missing']).body[1]).toMatch(/renew your access/);
    expect(reviewResultDialog({ ok: true }).title).toBe('Review requested');
    expect(reviewResultDialog({ ok: false, message: 'The proxy could not be reached.' }).body).toEqual(['The proxy could not be reached.']);
    expect(unreachableDialog('The proxy did not answer.').body[1]).toMatch(/not sent until the recipients can be verified/);
  });
});
