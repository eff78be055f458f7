/** What a compose holds: detection over every one of its editors (fields and rich editors). */
import { withFieldBoxes } from '../../shared/detect/fields';
import { detect } from '../../shared/detect/index';
import type { Finding, FindingType } from '../../shared/detect/types';
import { findMasked } from '../../shared/mask';
import type { MaskedValue } from '../../shared/mask';
import type { Compose } from '../sites/types';
import { countsOfValues } from '../lib/samples';
import { isField, textOf } from './editors';
import type { Editor } from './editors';

export interface Scan {
  perEditor: Array<{ editor: Editor; findings: Finding[] }>;
  enforced: Finding[];
  /** Types and counts of what was found (for the notice). */
  counts: Partial<Record<FindingType, number>>;
  /** Identifiers masked earlier: the message still holds confidential data. */
  masked: MaskedValue[];
  /** Everything the message holds: found and already masked (for the check and the log). */
  holds: Partial<Record<FindingType, number>>;
  /** What it may hold (low confidence: nine bare digits that could be an SSN): warned about on send, never masked. */
  suspected: Partial<Record<FindingType, number>>;
}

/**
 * Detection over every editor of the compose. While typing (`exact` false) rich editors are read
 * with innerText, one native call; on send they are read node by node, so that every finding maps
 * back to the text nodes that hold it.
 */
export function scanCompose(compose: Compose, exact = true): Scan {
  const masked: MaskedValue[] = [];
  const perEditor = compose.editors().map((editor) => {
    const text = exact || isField(editor.el) ? textOf(editor) : editor.el.innerText;
    if (exact) masked.push(...findMasked(text));
    return { editor, findings: detect(text, { field: editor.field }), text };
  });
  // An identifier split over consecutive fields (a form's three SSN boxes): a finding a box.
  const fields = perEditor.filter((p) => isField(p.editor.el));
  const boxed = withFieldBoxes(fields.map((p) => ({ name: p.editor.field ?? '', value: p.text })), fields.map((p) => p.findings));
  fields.forEach((p, i) => (p.findings = boxed[i]!));
  const enforced = perEditor.flatMap((p) => p.findings.filter((f) => f.confidence !== 'low'));
  // A value split over boxes counts once.
  const counts: Partial<Record<FindingType, number>> = countsOfValues(enforced);
  const holds = { ...counts };
  for (const m of masked) holds[m.type] = (holds[m.type] ?? 0) + 1;
  const suspected = countsOfValues(perEditor.flatMap((p) => p.findings.filter((f) => f.confidence === 'low')));
  return { perEditor: perEditor.map(({ editor, findings }) => ({ editor, findings })), enforced, counts, masked, holds, suspected };
}
