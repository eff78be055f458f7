/**
 * Every site adapter passes the same contract against its saved fixture page (run with the page's
 * own scripts in happy-dom): it finds the compose, its editors and recipients, recognises every
 * send gesture the site has, ignores other clicks, removes recipients, and sends again so that the
 * page's own handler runs exactly once.
 */
import { describe, expect, it } from 'vitest';
import { richText, setFieldValue, textOf } from '../extension/content/editors';
import { adapterFor } from '../extension/sites/index';
import { SCRIPT_SUBMIT } from '../extension/sites/script-submit';
import type { Compose, SiteAdapter } from '../extension/sites/index';
import type { SiteRule } from '../shared/policy';
import { fixtureWindow, sentOf } from './helpers/fixture-dom';

interface Case {
  fixture: string;
  rule: SiteRule;
  recipients: string[];
  /** Fill the compose the way a person would, with text that holds confidential data. */
  fill(doc: Document): void;
  /**
   * Send gestures: each must be recognised, and the release must send the way it was asked
   * (the page's handler records how: "scheduled" for Schedule send; any way otherwise).
   */
  gestures: Array<[string, (doc: Document, a: SiteAdapter) => Event & { target: EventTarget | null }, string?]>;
  /** A click that is not a send. */
  notSend(doc: Document): Event;
  removable?: string;
}

const click = (doc: Document, selector: string, type = 'click') => {
  const el = doc.querySelector(selector)!;
  const ev = new (doc.defaultView as unknown as typeof globalThis).MouseEvent(type, { bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'target', { value: el });
  return ev as MouseEvent & { target: EventTarget | null };
};
const key = (doc: Document, selector: string) => {
  const ev = new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true });
  Object.defineProperty(ev, 'target', { value: doc.querySelector(selector)! });
  return ev as KeyboardEvent & { target: EventTarget | null };
};
const enter = (doc: Document, selector: string) => {
  const ev = new (doc.defaultView as unknown as typeof globalThis).KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'target', { value: doc.querySelector(selector)! });
  return ev as KeyboardEvent & { target: EventTarget | null };
};
const submit = (doc: Document, selector: string) => {
  const ev = new (doc.defaultView as unknown as typeof globalThis).Event('submit', { bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'target', { value: doc.querySelector(selector)! });
  return ev as Event & { target: EventTarget | null };
};

const scriptSubmit = (doc: Document, selector: string) => {
  const ev = new (doc.defaultView as unknown as typeof globalThis).CustomEvent(SCRIPT_SUBMIT, { bubbles: true, cancelable: true });
  Object.defineProperty(ev, 'target', { value: doc.querySelector(selector)! });
  return ev as Event & { target: EventTarget | null };
};

const CASES: Case[] = [
  {
    fixture: 'gmail.html',
    rule: { match: 'mail.google.com', adapter: 'gmail', mode: 'enforce' },
    recipients: ['avery.partner@lwdb.example.org', 'sue.suspended@lwdb.example.org', 'typed.person@partner.example.org'],
    fill(doc) {
      (doc.querySelector('input[aria-label="To recipients"]') as HTMLInputElement).value = 'typed.person@partner.example.org';
      doc.querySelector('[aria-label="Message Body"]')!.insertAdjacentHTML('beforeend', '<div>Claimant SSN 123-45-6789</div>');
    },
    gestures: [
      ['mousedown on Send', (d) => click(d, '[data-tooltip^="Send"]', 'mousedown')],
      ['mouseup on Send', (d) => click(d, '[data-tooltip^="Send"]', 'mouseup')],
      ['click on Send', (d) => click(d, '[data-tooltip^="Send"]')],
      ['Ctrl+Enter in the body', (d) => key(d, '[aria-label="Message Body"]')],
      [
        'Schedule send from the menu',
        (d, a) => {
          a.sendIntent(click(d, '[aria-label="More send options"]'));
          return click(d, '#send-menu [role="menuitem"] .J-N-Jz');
        },
        'scheduled',
      ],
      ['Enter on the focused Send button', (d) => enter(d, '[data-tooltip^="Send"]')],
    ],
    notSend: (d) => click(d, '[aria-label="Subject"]'),
    removable: 'sue.suspended@lwdb.example.org',
  },
  {
    fixture: 'outlook.html',
    rule: { match: 'outlook.office.com', adapter: 'outlook', mode: 'enforce' },
    recipients: ['avery.partner@lwdb.example.org', 'tess.training-expired@lwdb.example.org'],
    fill(doc) {
      doc.getElementById('editorParent_1')!.insertAdjacentHTML('beforeend', '<div>EIN 12-3456789, wages $4,200.00</div>');
    },
    gestures: [
      ['click on Send', (d) => click(d, 'button[aria-label="Send"] span')],
      ['Ctrl+Enter in the body', (d) => key(d, '#editorParent_1')],
      [
        'Schedule send from the menu beside Send',
        (d, a) => {
          a.sendIntent(click(d, '#send-options'));
          return click(d, '#send-options-layer [role="menuitem"] span');
        },
        'scheduled',
      ],
      [
        'Schedule send chosen with the keyboard',
        (d, a) => {
          a.sendIntent(click(d, '#send-options'));
          return enter(d, '#send-options-layer [role="menuitem"]');
        },
        'scheduled',
      ],
    ],
    notSend: (d) => click(d, 'button[aria-label="Discard"]'),
    removable: 'tess.training-expired@lwdb.example.org',
  },
  {
    fixture: 'fax-portal.html',
    rule: { match: 'fax.example.test', adapter: 'fax', mode: 'enforce' },
    recipients: ['(573) 555-0100'],
    fill(doc) {
      setFieldValue(doc.getElementById('recipientFax') as HTMLInputElement, '(573) 555-0100');
      setFieldValue(doc.getElementById('coverNote') as HTMLTextAreaElement, 'Re: Jane Q Public, SSN 123-45-6789');
    },
    gestures: [
      ['submit of the fax form', (d) => submit(d, '#fax-form')],
      ['form.submit() from a page script', (d) => scriptSubmit(d, '#fax-form')],
    ],
    notSend: (d) => click(d, '#recipientName'),
    removable: '(573) 555-0100',
  },
  {
    fixture: 'web-form.html',
    rule: { match: 'partner.example.test', adapter: 'form', mode: 'enforce', organization: 'Example County LWDB' },
    recipients: ['Example County LWDB'],
    fill(doc) {
      setFieldValue(doc.getElementById('ssn') as HTMLInputElement, '123456789');
      setFieldValue(doc.getElementById('notes') as HTMLTextAreaElement, 'Quarterly wages 8,400.00');
    },
    gestures: [
      ['submit of the form', (d) => submit(d, '#referral')],
      ['form.submit() from a page script (the page-world hook asks first)', (d) => scriptSubmit(d, '#referral')],
    ],
    notSend: (d) => click(d, '#notes'),
  },
];

/** The same compose: the same first editor (happy-dom hands out proxies for <form> elements). */
function same(x: Compose | undefined, y: Compose | undefined): boolean {
  return !!x && !!y && x.editors()[0]?.el === y.editors()[0]?.el && x.editors().length === y.editors().length;
}

describe.each(CASES)('$rule.adapter adapter on $fixture', (c) => {
  const setup = () => {
    const window = fixtureWindow(c.fixture);
    const doc = window.document as unknown as Document;
    c.fill(doc);
    return { window, doc, a: adapterFor(c.rule) };
  };

  it('finds one compose, from the page and from any element in it', () => {
    const { doc, a } = setup();
    const composes = a.composes(doc);
    expect(composes).toHaveLength(1);
    const editor = composes[0]!.editors()[0]!;
    expect(same(a.composeFor(editor.el), composes[0])).toBe(true);
  });

  it('reads the editors, with the confidential text staff typed', () => {
    const { doc, a } = setup();
    const text = a.composes(doc)[0]!.editors().map(textOf).join('\n');
    expect(text).toMatch(/123-45-6789|123456789|12-3456789/);
  });

  it('lists every recipient, confirmed or still typed', () => {
    const { doc, a } = setup();
    expect(a.composes(doc)[0]!.recipients()).toEqual(c.recipients);
  });

  it.each(c.gestures)('recognises a send: %s', (_name, make, how) => {
    const { window, doc, a } = setup();
    const e = make(doc, a);
    const compose = a.sendIntent(e);
    expect(same(compose, a.composes(doc)[0])).toBe(true);
    if (how) {
      compose!.send();
      expect(sentOf(window).map((m) => m.how)).toEqual([how]);
    }
  });

  it('ignores clicks that are not a send', () => {
    const { doc, a } = setup();
    expect(a.sendIntent(c.notSend(doc))).toBeUndefined();
  });

  it('sends again so that the page handler runs exactly once', () => {
    const { window, doc, a } = setup();
    a.composes(doc)[0]!.send();
    expect(sentOf(window)).toHaveLength(1);
  });

  if (c.removable) {
    it('removes a recipient and keeps the others', () => {
      const { doc, a } = setup();
      const compose = a.composes(doc)[0]!;
      compose.removeRecipients([c.removable!]);
      expect(compose.recipients()).toEqual(c.recipients.filter((r) => r !== c.removable));
    });
  }

  it('names a statement editor only where a statement belongs (email and fax, not forms)', () => {
    const { doc, a } = setup();
    const target = a.composes(doc)[0]!.statementEditor();
    if (c.rule.adapter === 'form') expect(target).toBeUndefined();
    else expect(target).toBeDefined();
  });
});

describe('editors', () => {
  it('reads rich text with line breaks where blocks and <br> are', () => {
    const window = fixtureWindow('gmail.html');
    const body = window.document.querySelector('[aria-label="Message Body"]') as unknown as HTMLElement;
    body.innerHTML = '<div>Line one</div><div>SSN <b>123</b>-45-6789</div>two<br>three';
    expect(richText(body).text).toBe('Line one\nSSN 123-45-6789\ntwo\nthree');
  });

  it('changes a React-style controlled field so the page state follows (plain .value does not)', () => {
    const window = fixtureWindow('fax-portal.html');
    const doc = window.document as unknown as Document;
    const note = doc.getElementById('coverNote') as HTMLTextAreaElement;
    note.value = 'assigned';
    (doc.getElementById('fax-form') as HTMLFormElement).requestSubmit();
    expect(sentOf(window).at(-1)!.coverNote).toBe('');
    setFieldValue(note, 'typed');
    (doc.getElementById('fax-form') as HTMLFormElement).requestSubmit();
    expect(sentOf(window).at(-1)!.coverNote).toBe('typed');
  });
});
