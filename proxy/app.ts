/**
 * createApp(deps): the proxy's HTTP surface. Dependencies come in, so tests build the app with a
 * temporary store and a fixed clock and call it through app.request().
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';

export interface Clock {
  now(): Date;
}

export interface AppDeps {
  clock: Clock;
  version?: string;
}

export interface ApiError {
  error: { code: string; message: string; details?: unknown };
}

export function errorBody(code: string, message: string, details?: unknown): ApiError {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function createApp(deps: AppDeps) {
  const app = new Hono();

  app.get('/healthz', (c) =>
    c.json({ status: 'ok', version: deps.version ?? '0.1.0', time: deps.clock.now().toISOString() }),
  );

  app.notFound((c) => c.json(errorBody('not_found', `no route for ${c.req.method} ${c.req.path}`), 404));

  // One error handler: expected errors keep their status; anything else is a 500 with no stack.
  app.onError(function onError(err, c) {
    if (err instanceof HTTPException) {
      return c.json(errorBody(statusCode(err.status), err.message), err.status);
    }
    console.error('unhandled error', err);
    return c.json(errorBody('internal', 'internal error'), 500);
  });

  return app;
}

function statusCode(status: number): string {
  return (
    { 400: 'bad_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'too_large' }[
      status
    ] ?? 'error'
  );
}
