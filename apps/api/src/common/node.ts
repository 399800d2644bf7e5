import { Field, ID, InterfaceType } from '@nestjs/graphql';
import { badInput } from './errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Global ids are opaque: base64url of `Type:uuid`. */
export function toGlobalId(type: string, uuid: string): string {
  return Buffer.from(`${type}:${uuid}`, 'utf8').toString('base64url');
}

export function parseGlobalId(id: string): { type: string; uuid: string } | null {
  if (typeof id !== 'string' || id.length > 200) return null;
  const decoded = Buffer.from(id, 'base64url').toString('utf8');
  const sep = decoded.indexOf(':');
  if (sep < 1) return null;
  const type = decoded.slice(0, sep);
  const uuid = decoded.slice(sep + 1);
  return UUID.test(uuid) ? { type, uuid } : null;
}

/**
 * The uuid inside a global id of the expected type. A malformed id or one of another type is the
 * caller's mistake and names the field; whether the object exists is the service's question.
 */
export function uuidOf(id: string, type: string, field = 'id'): string {
  const parsed = parseGlobalId(id);
  if (!parsed || parsed.type !== type) throw badInput(field, `Not a ${type} id`);
  return parsed.uuid;
}

@InterfaceType('Node', {
  description: 'Any object with a globally unique, opaque id',
  resolveType: (value: object) => (value.constructor as { typename?: string }).typename ?? value.constructor.name,
})
export abstract class Node {
  @Field(() => ID)
  id: string;
}
