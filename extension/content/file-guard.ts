/**
 * Files picked, dropped or pasted into a guarded page, before the page does anything with them.
 * A file input's files are replaced by their masked copies as soon as they are chosen (a plain
 * HTML form then submits the copies); a submit waits until its files are checked. A drop or a
 * paste of files is held, checked and handed to the page again with the masked copies in place of
 * the originals. Files that cannot be inspected are refused on enforce sites and let through with
 * a warning on warn sites. What an upload script sends afterwards still passes the request guard.
 */
import type { FindingType } from '../../shared/detect/types';
import { IDENTIFIER_TYPES } from '../../shared/detect/types';
import { safeFileName } from '../../shared/files/name';
import type { PageConfig, SendEvent } from '../lib/messages';
import { channelOf, ruleRecipients, sendEvent } from '../lib/send-event';
import { FILE_TYPES_EVENT } from '../lib/request-events';
import { showDialog } from '../ui/dialog';
import { FileStatus } from '../ui/file-status';
import { summarizeTypes } from '../ui/words';
import { inspectForSend } from './file-inspect';
import { pageDrop, pageFile, pagePaste, pageTransfer } from './page-world';
import type { FileVerdict, RemoteInspect } from './file-inspect';

type Mode = 'enforce' | 'warn' | 'audit';

interface Checked {
  /** The files to hand on: masked copies, originals that were clean, none of the refused ones. */
  files: File[];
  refused: FileVerdict[];
  verdicts: FileVerdict[];
  mode: Mode;
  /** The check could not be carried out (an error, not a verdict). */
  failed?: true;
}

export class FileGuard {
  private readonly pending = new WeakMap<HTMLInputElement, Promise<Checked | null>>();
  /** Files this guard produced or passed: checking them again would find nothing new. */
  private readonly passed = new WeakSet<File>();
  /** Drop and paste events this guard dispatched itself, with the checked files. */
  private readonly own = new WeakSet<Event>();
  private readonly status: FileStatus;

  constructor(
    private readonly doc: Document,
    private readonly config: Promise<PageConfig | null>,
    private readonly logEvent: (e: SendEvent) => Promise<void>,
    private readonly remote: RemoteInspect,
  ) {
    this.status = FileStatus.for(doc);
    void config.then((c) => (this.unguarded = !c?.rule || c.rule.mode === 'off'), () => (this.unguarded = false));
  }

  /** Known once the page's rule is: an unguarded page's forms are never held. */
  private unguarded: boolean | undefined;

  start(signal: AbortSignal): void {
    const win = this.doc.defaultView!;
    const opts = { capture: true, signal };
    this.doc.addEventListener('change', (e) => this.onChange(e), opts);
    win.addEventListener('submit', (e) => this.onSubmit(e as SubmitEvent), opts);
    win.addEventListener('drop', (e) => this.onTransfer(e, (e as DragEvent).dataTransfer), opts);
    win.addEventListener('paste', (e) => this.onTransfer(e, (e as ClipboardEvent).clipboardData), opts);
  }

  private async mode(): Promise<{ mode: Mode; config: PageConfig } | undefined> {
    const config = await this.config;
    const mode = config?.rule?.mode;
    return config && mode && mode !== 'off' ? { mode, config } : undefined;
  }

  private onChange(e: Event): void {
    const input = e.composedPath()[0];
    if (input instanceof HTMLInputElement && input.type === 'file') this.checkInput(input);
  }

  /** Checks the input's files and then puts the checked ones (masked copies) in their place. */
  private checkInput(input: HTMLInputElement): void {
    if (!input.files?.length) return;
    const files = [...input.files];
    if (files.every((f) => this.passed.has(f))) return;
    const job = this.check(files).then(async (checked) => {
      if (!checked) return null;
      if (checked.failed) {
        // The check itself failed: on an enforce site the files are not left in place (fail closed).
        if (checked.mode === 'enforce') input.value = '';
        return checked;
      }
      if (checked.files.length === files.length && checked.files.every((f, i) => f === files[i])) return checked;
      input.files = pageTransfer(this.doc.defaultView!, checked.files).files;
      return checked;
    });
    this.pending.set(input, job);
    void job.finally(() => {
      if (this.pending.get(input) === job) this.pending.delete(input);
    });
  }

  /** A form waits for the check of its files, then submits again (through the send guard). */
  private onSubmit(e: SubmitEvent): void {
    const form = e.target;
    if (!(form instanceof HTMLFormElement) || this.unguarded) return;
    // Wait for every check in progress, and check files that were never checked (set by a script,
    // or chosen before this page was guarded) before the form may post them.
    const waits = [...form.querySelectorAll('input[type=file]')].flatMap((el) => {
      const input = el as HTMLInputElement;
      const p = this.pending.get(input);
      if (p) return [p];
      const files = [...(input.files ?? [])];
      if (files.length === 0 || files.every((f) => this.passed.has(f) || f.size === 0)) return [];
      this.checkInput(input);
      const started = this.pending.get(input);
      return started ? [started] : [];
    });
    if (waits.length === 0) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    const submitter = e.submitter;
    void Promise.all(waits).then(() => {
      if (submitter && submitter.isConnected) form.requestSubmit(submitter as HTMLElement);
      else form.requestSubmit();
    });
  }

  /** A drop or paste of files: held, checked, and dispatched again with the checked files. */
  private onTransfer(e: Event, data: DataTransfer | null): void {
    if (this.own.has(e) || !data || data.files.length === 0) return;
    const files = [...data.files];
    if (files.every((f) => this.passed.has(f))) return;
    const target = e.composedPath()[0] as EventTarget;
    const strings = [...data.items].filter((i) => i.kind === 'string').map((i) => i.type);
    const texts = strings.map((t) => [t, data.getData(t)] as const);
    e.preventDefault();
    e.stopImmediatePropagation();
    const drag = e as DragEvent;
    void this.check(files).then((checked) => {
      if (checked && checked.files.length === 0) return;
      const win = this.doc.defaultView!;
      const dt = pageTransfer(win, checked ? checked.files : files, texts);
      const init = { bubbles: true, cancelable: true, composed: true };
      const again =
        e.type === 'drop'
          ? pageDrop(win, { ...init, dataTransfer: dt, clientX: drag.clientX, clientY: drag.clientY, screenX: drag.screenX, screenY: drag.screenY })
          : pagePaste(win, { ...init, clipboardData: dt });
      this.own.add(again);
      target.dispatchEvent(again);
    });
  }

  /** Checks the files under the page's rule; null when the page is not guarded. Never rejects. */
  private async check(files: File[]): Promise<Checked | null> {
    const m = await this.mode();
    if (!m) {
      for (const f of files) this.passed.add(f);
      return null;
    }
    try {
      return await this.checkUnder(m, files);
    } catch (err) {
      this.status.hide();
      const why = `the check failed (${err instanceof Error ? err.message : String(err)})`;
      const verdicts = files.map((f): FileVerdict => ({ label: safeFileName(f.name) || 'the file', facts: { type: 'unknown', size: f.size, types: {}, outcome: 'uninspectable' }, types: {}, masked: 0, cannot: why }));
      const refused = m.mode === 'enforce' ? verdicts : [];
      if (m.mode !== 'enforce') for (const f of files) this.passed.add(f);
      await this.report(m, verdicts, refused).catch(() => undefined);
      return { files: m.mode === 'enforce' ? [] : files, refused, verdicts, failed: true, mode: m.mode };
    }
  }

  private async checkUnder(m: { mode: Mode; config: PageConfig }, files: File[]): Promise<Checked> {
    const verdicts: FileVerdict[] = [];
    for (const f of files) {
      if (this.passed.has(f) || f.size === 0) {
        verdicts.push({ label: f.name, facts: { type: 'unknown', size: f.size, types: {}, outcome: 'clean' }, types: {}, masked: 0 });
        continue;
      }
      this.status.show(`Checking ${safeFileName(f.name) || 'the file'} for confidential data…`, true);
      verdicts.push(await inspectForSend(await ownBytes(f), f.name, m.config.keepDigits, this.remote));
    }
    this.status.hide();
    const out: File[] = [];
    const refused: FileVerdict[] = [];
    verdicts.forEach((v, i) => {
      const original = files[i]!;
      if (v.cannot && m.mode === 'enforce') {
        refused.push(v);
        return;
      }
      if (v.copy && m.mode === 'enforce') {
        const copy = pageFile(this.doc.defaultView!, v.copy.bytes, original.name, { type: v.copy.mime, lastModified: original.lastModified });
        this.passed.add(copy);
        out.push(copy);
        return;
      }
      this.passed.add(original);
      out.push(original);
    });
    await this.report(m, verdicts, refused);
    return { files: out, refused, verdicts, mode: m.mode };
  }

  private async report(m: { mode: Mode; config: PageConfig }, verdicts: FileVerdict[], refused: FileVerdict[]): Promise<void> {
    const types: Partial<Record<FindingType, number>> = {};
    for (const v of verdicts) for (const [t, n] of Object.entries(v.types)) types[t as FindingType] = (types[t as FindingType] ?? 0) + n!;
    const masked = verdicts.filter((v) => v.copy);
    const cannot = verdicts.filter((v) => v.cannot);
    if (Object.keys(types).length === 0 && cannot.length === 0) return;
    // The send that carries these files needs recipients authorized for what they hold.
    if (Object.keys(types).length) this.doc.dispatchEvent(new CustomEvent(FILE_TYPES_EVENT, { detail: JSON.stringify(types) }));
    const enforce = m.mode === 'enforce';
    const decision: SendEvent['decision'] = !enforce ? (m.mode === 'warn' ? 'warned' : 'audited') : refused.length ? 'blocked' : masked.length ? 'masked' : 'allowed';
    const rule = m.config.rule!;
    await this.logEvent(
      sendEvent({
        site: this.doc.location?.host || 'unknown',
        channel: channelOf(rule),
        unchecked: 'file_attached',
        recipients: ruleRecipients(rule),
        types,
        decision,
        reasons: cannot.length ? ['uninspectable_content'] : [],
        statementAdded: masked.some((v) => v.facts.type === 'docx' || v.facts.type === 'text' || v.facts.type === 'pdf' || v.facts.type === 'tiff'),
        files: verdicts.map((v) => (refused.includes(v) ? { ...v.facts, outcome: 'blocked' } : v.facts)),
      }),
    );
    if (enforce && masked.length) {
      this.status.show(masked.map((v) => `${v.label}: ${summarizeTypes(idCounts(v.types))} masked`).join('; ') + '.');
    } else if (!enforce && cannot.length) {
      this.status.show(`${cannot.map((v) => v.label).join(', ')} could not be checked for confidential data (${cannot[0]!.cannot}).`);
    }
    if (refused.length) {
      void showDialog(this.doc, {
        name: 'file-blocked',
        title: 'Not attached: a file could not be checked',
        body: [...refused.map((v) => `${v.label} cannot be inspected: ${v.cannot}.`), 'It was not added to the page. Save it as a PDF, DOCX, XLSX, CSV or image and try again, or ask your supervisor.'],
        actions: [{ id: 'ok', label: 'OK', primary: true }],
        dismiss: 'ok',
      });
    }
  }
}

/**
 * A file's bytes in a buffer of this script's own: in Firefox a page's File reads into a buffer of
 * the page's compartment, which crypto.subtle here never finishes digesting.
 */
async function ownBytes(f: Blob): Promise<Uint8Array> {
  const view = new Uint8Array(await f.arrayBuffer());
  const own = new Uint8Array(view.length);
  own.set(view);
  return own;
}

function idCounts(types: Partial<Record<FindingType, number>>): Partial<Record<FindingType, number>> {
  return Object.fromEntries(Object.entries(types).filter(([t]) => IDENTIFIER_TYPES.includes(t as FindingType)));
}
