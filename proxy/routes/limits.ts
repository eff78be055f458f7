import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors';

/** A body size limit that answers 413 with a JSON reason. */
export function limit(maxSize: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError(413, 'too_large', `the body is larger than ${maxSize} bytes`);
    },
  });
}
