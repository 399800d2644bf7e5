import { toGlobalId } from '../../apps/api/src/common/node.js';
import { DEMO_PASSWORD, DEMO_USERS, DemoService } from '../../apps/api/src/demo/demo.service.js';
import type { TestApp } from '../support/test-app.js';

/**
 * A brand of a demo person's organisation with a right a takedown may cite (a verified, unexpired
 * trademark): uuids, global ids, the brand's name and the registration number.
 */
export async function citableRightOf(t: TestApp, email: string) {
  const [row] = await t.sql(
    `SELECT u.organisation_id AS org, b.id AS brand, b.name, t.id AS trademark, t.registration_number AS number
       FROM app_user u JOIN brand b ON b.organisation_id = u.organisation_id
       JOIN trademark t ON t.brand_id = b.id AND t.verification_status = 'VERIFIED' AND (t.expires_on IS NULL OR t.expires_on > now())
      WHERE u.email = $1 ORDER BY b.name, t.registration_number LIMIT 1`,
    [email],
  );
  if (!row) throw new Error(`${email}'s organisation has no verified, unexpired trademark`);
  return {
    organisationUuid: row.org as string, brandUuid: row.brand as string, trademarkUuid: row.trademark as string,
    organisationId: toGlobalId('Organisation', row.org), brandId: toGlobalId('Brand', row.brand), trademarkId: toGlobalId('Trademark', row.trademark),
    brandName: row.name as string, registrationNumber: row.number as string,
  };
}

/**
 * The demo loaded (without its year of intelligence), its coordinator's and first member admin's
 * tokens, and that admin's citable brand and trademark.
 */
export async function demoTakedownDesk(t: TestApp) {
  await t.get(DemoService).loadIfEmpty({ intel: false });
  return {
    coordinator: await t.login(DEMO_USERS.coordinator, DEMO_PASSWORD),
    admin: await t.login(DEMO_USERS.memberAdmin, DEMO_PASSWORD),
    ...(await citableRightOf(t, DEMO_USERS.memberAdmin)),
  };
}
