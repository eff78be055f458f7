/**
 * The scan and redact jobs shared by the CLI and the API: one validated request in, one JSON-safe
 * result out. The request's other fields (an `id`, say) are echoed; the raw text never is.
 */
import { detect } from '../../shared/detect/index';
import type { Finding } from '../../shared/detect/index';
import { redact } from '../../shared/redact';
import type { TextRequest } from '../../shared/schemas';

export type Echo = Record<string, unknown>;

function echoOf(req: TextRequest): Echo {
  const { text: _text, field: _field, ...rest } = req;
  return rest;
}

export function scanJob(req: TextRequest): Echo & { findings: Finding[] } {
  return { ...echoOf(req), findings: detect(req.text, { field: req.field }) };
}

export function redactJob(req: TextRequest): Echo & { text: string; findings: Finding[] } {
  const r = redact(req.text, { field: req.field });
  return { ...echoOf(req), text: r.text, findings: r.findings };
}
