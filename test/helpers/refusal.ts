/** The reason a file was refused: the CannotInspect a read or mask threw (a test fails if none was). */
import { CannotInspect } from '../../shared/files/errors';

export async function refusal(p: Promise<unknown>): Promise<CannotInspect> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CannotInspect) return e;
    throw e;
  }
  throw new Error('expected the file to be refused');
}
