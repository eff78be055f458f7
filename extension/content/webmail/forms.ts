/**
 * A webmail's forms, decided as the requests they make: Roundcube posts its compose form with
 * form.submit() into a hidden frame (the page-world submit hook turns that into a cancelable event),
 * other clients by a submit button. The form is held, its fields read as a request and decided by the
 * request guard, then let go with its fields masked, or not at all.
 */
import { newId } from '../../../shared/ids';
import type { SiteRule } from '../../../shared/policy';
import type { OutgoingRequest, RequestDecision } from '../../lib/request-events';
import { applyFields, formFields } from '../../sites/form-fields';
import { releaseScriptSubmit } from '../../sites/script-submit';

export class WebmailForms {
  /** Forms let go by a submit of their own (their submit event goes on to the page). */
  private readonly releasing = new WeakSet<HTMLFormElement>();

  constructor(
    private readonly doc: Document,
    private readonly rule: () => SiteRule | undefined,
    private readonly decide: (req: OutgoingRequest) => Promise<RequestDecision>,
    private readonly sent: (id: string) => void,
  ) {}

  onSubmit(e: Event): void {
    const rule = this.rule();
    if (rule?.adapter !== 'webmail' || rule.mode === 'off') return;
    const form = e.target as HTMLFormElement | null;
    if (!form || form.tagName !== 'FORM') return;
    if (e.type === 'submit' && this.releasing.has(form)) return void this.releasing.delete(form);
    e.preventDefault();
    e.stopImmediatePropagation();
    const submitter = e.type === 'submit' ? ((e as SubmitEvent).submitter ?? null) : null;
    const fields = formFields(form, submitter);
    const req: OutgoingRequest = {
      id: newId('req'),
      via: 'form',
      url: form.action,
      method: (form.method || 'GET').toUpperCase(),
      fields,
      form: form.enctype === 'multipart/form-data' ? 'multipart' : 'urlencoded',
    };
    void this.decide(req).then((d) => {
      if (d.action === 'block') return this.ended(form);
      if (d.action === 'replace' && d.fields) applyFields(form, fields, d.fields);
      if (e.type === 'submit') {
        this.releasing.add(form);
        form.requestSubmit(submitter && form.contains(submitter) ? submitter : undefined);
      } else releaseScriptSubmit(form);
      this.sent(req.id);
    });
  }

  /**
   * A form posted into a frame that will not load now (the send was refused): the frame is told it
   * loaded, as after a failed request, so the page stops waiting for it and staff can send again.
   */
  private ended(form: HTMLFormElement): void {
    const name = form.target;
    if (!name || name.startsWith('_')) return;
    const frame = [...this.doc.querySelectorAll('iframe')].find((f) => f.name === name);
    frame?.dispatchEvent(new (this.doc.defaultView ?? window).Event('load'));
  }
}
