import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes of CONTRACT.md; every error a client sees carries one. */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  RATE_LIMITED = 'RATE_LIMITED',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** A rule of the domain was broken; the message is safe to show the caller. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const badInput = (field: string, message: string) => new DomainError(ErrorCode.BAD_USER_INPUT, message, field);
export const notFound = (what: string, field?: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`, field);
export const forbidden = (message = 'You may not do this') => new DomainError(ErrorCode.FORBIDDEN, message);
export const conflict = (message: string, details?: Record<string, unknown>, field?: string) =>
  new DomainError(ErrorCode.CONFLICT, message, field, details);
export const unauthenticated = (message = 'Sign in first') => new DomainError(ErrorCode.UNAUTHENTICATED, message);

const httpStatusCodes: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.BAD_USER_INPUT,
  429: ErrorCode.RATE_LIMITED,
};

/** Turns any thrown value into the GraphQL error a client sees. */
export function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  if (error instanceof DomainError) {
    return new GraphQLError(error.message, {
      extensions: { code: error.code, ...(error.field ? { field: error.field } : {}), ...(error.details ?? {}) },
    });
  }
  if (error instanceof HttpException) {
    const code = httpStatusCodes[error.getStatus()];
    if (code) return new GraphQLError(error.message, { extensions: { code } });
  }
  return new GraphQLError('Internal server error', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR }, originalError: error as Error });
}

const httpStatusOf: Record<ErrorCode, number> = {
  [ErrorCode.UNAUTHENTICATED]: 401,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_FOUND]: 404,
  [ErrorCode.BAD_USER_INPUT]: 400,
  [ErrorCode.CONFLICT]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.QUERY_TOO_COMPLEX]: 400,
  [ErrorCode.INTERNAL_SERVER_ERROR]: 500,
};

/**
 * Domain exceptions become coded errors here and nowhere else: GraphQL errors for resolvers, JSON
 * `{ code, message, field, ...details }` with the matching status for the plain HTTP routes (/files, uploads, exports).
 */
@Catch()
export class GraphQLExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<string>() === 'graphql') return toGraphQLError(exception);
    const res = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void }; headersSent?: boolean }>();
    if (res.headersSent) return;
    const error = toGraphQLError(exception);
    const code = (error.extensions.code as ErrorCode) ?? ErrorCode.INTERNAL_SERVER_ERROR;
    const status = exception instanceof HttpException ? exception.getStatus() : httpStatusOf[code] ?? 500;
    const internal = status >= 500;
    if (internal) console.error('Internal error:', exception);
    if (internal) return res.status(status).json({ code: ErrorCode.INTERNAL_SERVER_ERROR, message: 'Internal server error' });
    // a domain error's details (the fields a form misses, each refused line) travel beside its code, as in GraphQL's extensions
    const { code: _code, field, ...details } = error.extensions;
    res.status(status).json({ ...details, code, message: error.message, field });
  }
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** Apollo's formatError: known codes pass, everything else is masked (no stack, no SQL). */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  const limit = queryLimitOf(code, formatted, error);
  if (limit) return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, ...limit } };
  if (code === 'GRAPHQL_VALIDATION_FAILED' || code === 'GRAPHQL_PARSE_FAILED' || code === 'BAD_REQUEST') {
    const field = fieldFromCoercionMessage(formatted.message) ?? fieldBeforeLiteral(error);
    return { message: formatted.message, locations: formatted.locations, extensions: { code: ErrorCode.BAD_USER_INPUT, ...(field ? { field } : {}) } };
  }
  if (code && knownCodes.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _stack, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    if (code === ErrorCode.BAD_USER_INPUT && !extensions.field) {
      const field = fieldFromCoercionMessage(formatted.message);
      if (field) extensions.field = field;
    }
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions };
  }
  const original = (error as GraphQLError | undefined)?.originalError ?? error;
  // a domain error that reached Apollo past the exception filter (a field resolver's guard, a loader)
  if (original instanceof DomainError) {
    const coded = toGraphQLError(original);
    return { message: coded.message, locations: formatted.locations, path: formatted.path, extensions: coded.extensions };
  }
  if (process.env.NODE_ENV !== 'test' || process.env.SHOW_INTERNAL_ERRORS) {
    console.error('Internal error:', original);
  }
  return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/**
 * An operation over a query limit (query-limits.ts): a validation rule's QUERY_TOO_COMPLEX, which
 * Apollo relabels GRAPHQL_VALIDATION_FAILED, or the parser's token limit. Its measure and limit.
 */
function queryLimitOf(code: string | undefined, formatted: GraphQLFormattedError, error: unknown): Record<string, unknown> | undefined {
  if (code === 'GRAPHQL_VALIDATION_FAILED') {
    const original = ((error as GraphQLError | undefined)?.originalError ?? error) as GraphQLError | undefined;
    if (original?.extensions?.code !== ErrorCode.QUERY_TOO_COMPLEX) return undefined;
    const { code: _code, http: _http, ...measures } = original.extensions;
    return measures;
  }
  const tokens = code === 'GRAPHQL_PARSE_FAILED' ? /contains more th\w+ (\d+) tokens/.exec(formatted.message) : null;
  return tokens ? { tokens: Number(tokens[1]) + 1, limit: Number(tokens[1]) } : undefined;
}

/** A bad literal inside the query (`kind: PIRATES`): the argument or input field written before it. */
function fieldBeforeLiteral(error: unknown): string | undefined {
  const e = error as GraphQLError | undefined;
  const position = e?.positions?.[0];
  const body = e?.source?.body;
  if (position === undefined || !body) return undefined;
  return /(\w+)\s*:\s*$/.exec(body.slice(Math.max(0, position - 200), position))?.[1];
}

/** `Variable "$input" got invalid value 7 at "input.niceClasses[0]"` → `niceClasses[0]`. */
export function fieldFromCoercionMessage(message: string): string | undefined {
  const at = /at "([^"]+)"/.exec(message)?.[1];
  if (at) return at.includes('.') ? at.slice(at.indexOf('.') + 1) : at;
  const field = /Field "([^"]+)" of required type/.exec(message)?.[1] ?? /Field "([^"]+)" is not defined/.exec(message)?.[1];
  return field;
}
