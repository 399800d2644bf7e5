import { DataSource } from 'typeorm';
import { Role } from '../../libs/domain/src/index.js';
import { AllianceService } from '../../apps/api/src/alliances/alliance.service.js';
import { hashPassword } from '../../apps/api/src/identity/password.js';
import { UserEntity } from '../../apps/api/src/identity/user.entity.js';
import type { TestApp } from '../support/test-app.js';

export const PASSWORD = 'correct horse battery';
let hash: Promise<string> | undefined;

/** A fresh alliance (with its default categories) and a signed-in coordinator. */
export async function allianceWithCoordinator(t: TestApp, slug: string, homeCountry = 'CN') {
  hash ??= hashPassword(PASSWORD);
  const passwordHash = await hash;
  const email = `coordinator@${slug}.test`;
  const alliance = await t.get(DataSource).transaction(async (em) => {
    const a = await t.get(AllianceService).create(em, { slug, name: `Alliance ${slug}`, homeCountry });
    await em.getRepository(UserEntity).insert({ allianceId: a.id, organisationId: null, email, displayName: 'Coordinator', role: Role.COORDINATOR, passwordHash, status: 'ACTIVE' });
    return a;
  });
  return { alliance, email, token: await t.login(email, PASSWORD) };
}

/** A user of a role inside an alliance (for organisations made through the API). */
export async function userFor(t: TestApp, allianceId: string, organisationId: string | null, role: Role, email: string): Promise<string> {
  hash ??= hashPassword(PASSWORD);
  await t.get(DataSource).getRepository(UserEntity).insert({ allianceId, organisationId, email, displayName: email, role, passwordHash: await hash, status: 'ACTIVE' });
  return t.login(email, PASSWORD);
}
