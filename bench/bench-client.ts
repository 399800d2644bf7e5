import type { Server } from 'node:http';
import request from 'supertest';

/** A GraphQL client of the app's HTTP server for the benchmarks: answers `data`, throws on `errors`. */
export function graphqlClient(server: Server) {
  return async (query: string, variables: object, token?: string) => {
    const r = request(server).post('/graphql').set('content-type', 'application/json');
    if (token) r.set('authorization', `Bearer ${token}`);
    const res = await r.send({ query, variables });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data;
  };
}
