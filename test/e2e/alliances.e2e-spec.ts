import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AllianceEvents } from '../../apps/api/src/alliances/alliance-events.js';
import { AllianceService } from '../../apps/api/src/alliances/alliance.service.js';
import { TestApp } from '../support/test-app.js';

describe('a new alliance: the contexts above seed theirs on the alliance-created event, in the creating transaction', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(() => t.close());

  const create = (slug: string) =>
    t.get(DataSource).transaction(async (em) => {
      const alliance = await t.get(AllianceService).create(em, { slug, name: `Alliance ${slug}`, homeCountry: 'CN' });
      // read inside the transaction: what the subscribers wrote is there before it commits
      const [{ exclusions }] = await em.query(
        `SELECT count(*)::int AS exclusions FROM correlation_key WHERE alliance_id = $1 AND decision = 'EXCLUDED'`,
        [alliance.id],
      );
      return { alliance, exclusions: exclusions as number };
    });

  it('has its default categories and intelligence’s seeded correlation exclusions', async () => {
    const { alliance, exclusions } = await create('seeded');
    expect(exclusions).toBeGreaterThan(60);
    const [{ categories }] = await t.sql(`SELECT count(*)::int AS categories FROM industry_category WHERE alliance_id = $1`, [alliance.id]);
    expect(categories).toBe(12);
  });

  it('does not exist at all when a subscriber fails', async () => {
    t.get(AllianceEvents).onCreated(async () => {
      throw new Error('a subscriber failed');
    });
    await expect(create('half-made')).rejects.toThrow('a subscriber failed');
    expect(await t.sql(`SELECT id FROM alliance WHERE slug = 'half-made'`)).toEqual([]);
    expect(await t.sql(`SELECT 1 FROM industry_category c JOIN alliance a ON a.id = c.alliance_id WHERE a.slug = 'half-made'`)).toEqual([]);
  });
});
