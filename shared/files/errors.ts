/**
 * Why a file could not be inspected or masked. A file that cannot be read is never reported as
 * clean: every reader throws a CannotInspect with a reason staff and IT can act on.
 */
export type CannotInspectCode =
  | 'too_large'
  | 'too_many_pages'
  | 'too_slow'
  | 'too_much_memory'
  | 'reader_stopped'
  | 'zip_bomb'
  | 'encrypted'
  | 'corrupt'
  | 'unsupported'
  | 'needs_engine';

export class CannotInspect extends Error {
  constructor(
    readonly code: CannotInspectCode,
    message: string,
  ) {
    super(message);
    this.name = 'CannotInspect';
  }
}

export function cannot(code: CannotInspectCode, message: string): never {
  throw new CannotInspect(code, message);
}
