import type { ApolloServerPlugin } from '@apollo/server';

/**
 * `Cache-Control: no-store` on every GraphQL answer over HTTP: each holds one caller's view of one
 * alliance, which no browser or proxy may keep. Apollo's cache-control plugin used to set it (no
 * field carries a cache hint, so its policy was always "uncacheable"), but it did so by wrapping
 * every field's resolver in every operation — about a tenth of a 50-row page's CPU — so it is
 * disabled (app.module.ts) and this sets the header alone.
 */
export const noStore: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};
