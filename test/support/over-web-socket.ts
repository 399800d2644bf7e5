import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { GqlResult } from './test-app.js';

/**
 * Runs one operation over graphql-ws on a listening app and answers what came back: data or the
 * errors. Credentials: a bearer token in the connection parameters, or the upgrade request's own
 * headers (a browser's session cookie and Origin).
 */
export async function overWebSocket(port: number, credentials: string | { headers: Record<string, string> }, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: GqlResult['errors'] }> {
  const headers = typeof credentials === 'string' ? {} : credentials.headers;
  const client = createClient({
    url: `ws://127.0.0.1:${port}/graphql`,
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    },
    connectionParams: typeof credentials === 'string' ? { authorization: `Bearer ${credentials}` } : undefined,
    lazy: true,
    retryAttempts: 0,
  });
  try {
    return await new Promise((done, fail) => {
      let result: { data?: any; errors?: GqlResult['errors'] } = {};
      client.subscribe({ query, variables }, {
        next: (value) => (result = value as typeof result),
        error: (errors) => (Array.isArray(errors) ? done({ errors: errors as GqlResult['errors'] }) : fail(errors)),
        complete: () => done(result),
      });
    });
  } finally {
    await client.dispose();
  }
}
