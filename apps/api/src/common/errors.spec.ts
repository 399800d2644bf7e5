import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { DomainError, ErrorCode, fieldFromCoercionMessage, formatGraphQLError, toGraphQLError } from './errors.js';

describe('error mapping', () => {
  it('turns domain errors into coded GraphQL errors with the field', () => {
    const e = toGraphQLError(new DomainError(ErrorCode.CONFLICT, 'The membership is LEFT', 'membershipId', { currentStatus: 'LEFT' }));
    expect(e.extensions).toEqual({ code: 'CONFLICT', field: 'membershipId', currentStatus: 'LEFT' });
  });

  it('masks unexpected errors: no message, stack or SQL reaches the client', () => {
    const sql = new Error('duplicate key value violates unique constraint "secret_table_pkey"');
    const formatted = formatGraphQLError({ message: sql.message, extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } }, new GraphQLError(sql.message, { originalError: sql }));
    expect(formatted).toEqual({ message: 'Internal server error', path: undefined, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
  });

  it('reads the field out of GraphQL coercion messages', () => {
    expect(fieldFromCoercionMessage('Variable "$i" got invalid value 46 at "i.niceClasses[0]"; Int cannot represent')).toBe('niceClasses[0]');
    expect(fieldFromCoercionMessage('Variable "$i" got invalid value "X" at "i.office"; Value "X" does not exist in "TrademarkOffice" enum.')).toBe('office');
    expect(fieldFromCoercionMessage('Field "name" of required type "String!" was not provided.')).toBe('name');
    expect(fieldFromCoercionMessage('Field "hack" is not defined by type "LoginInput".')).toBe('hack');
  });

  it('keeps BAD_USER_INPUT for a literal of an unknown enum and names its field', () => {
    const source = 'mutation { createPartner(input: { name: "X", kind: PIRATES }) { id } }';
    const error = new GraphQLError('Value "PIRATES" does not exist in "PartnerKind" enum.', { source: { body: source, name: 'q', locationOffset: { line: 1, column: 1 } } as never, positions: [source.indexOf('PIRATES')] });
    const formatted = formatGraphQLError({ message: error.message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }, error);
    expect(formatted.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'kind' });
  });
});
