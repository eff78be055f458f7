import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../http/errors';

/** A body size limit that answers 413 with a JSON reason. */
export function limit(maxSize: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new ApiError(413, 'too_large', `the body is larger than ${maxSize} bytes`);
  };
  const counted = bodyLimit({ maxSize, onError: tooLarge });
  return async function limit(c, next) {
    // A declared length is judged from the header alone (the server reads no more than it), so
    // the body stays unread for readJson; a chunked body is counted as it arrives.
    const length = c.req.header('content-length');
    if (length !== undefined && /^\d+$/.test(length) && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > maxSize) tooLarge();
      return next();
    }
    return counted(c, next);
  };
}
