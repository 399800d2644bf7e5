import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A listing's marketplace checked once per statement, not once per row (issue 17, "Performance").
 * The foreign key `listing (alliance_id, marketplace_id) → marketplace` ran a trigger and a locking
 * lookup for each of a chunk's 1,000 new listings, all on the one marketplace row the chunk names,
 * which the feed's two chunks written at once both locked. The rule stays whole, as three triggers:
 * - after each INSERT statement on `listing` (its new rows as a transition table): the marketplaces
 *   its rows name are locked `FOR KEY SHARE`, as a foreign key's check locks them (so none can be
 *   deleted or re-keyed until the statement's transaction ends), each once, and a row naming a
 *   marketplace of its alliance that is not there fails the statement with `foreign_key_violation`;
 * - before a row's UPDATE that changes its alliance or marketplace (none does today: the feed's
 *   upsert conflicts on them), the same check for that row;
 * - before a marketplace's DELETE, or an UPDATE of its key: refused with `foreign_key_violation`
 *   while a listing names it (no statement deletes a marketplace; they are retired by status).
 * They run as the caller, under its alliance's row-level security, like the statements they guard:
 * a listing's row is of the connection's alliance (the policy's WITH CHECK), so are the marketplace
 * rows it may name, and the system sees every alliance. Read-committed, as the app runs: the checks
 * read with each statement's snapshot, after the locks they wait for.
 */
export class ListingMarketplaceCheck1767620000000 implements MigrationInterface {
  name = 'ListingMarketplaceCheck1767620000000';

  async up(q: QueryRunner): Promise<void> {
    const [key] = (await q.query(
      `SELECT con.conname AS name FROM pg_constraint con WHERE con.contype = 'f' AND con.conrelid = 'listing'::regclass AND con.confrelid = 'marketplace'::regclass`,
    )) as { name: string }[];
    if (key) await q.query(`ALTER TABLE listing DROP CONSTRAINT ${key.name}`);

    await q.query(`
      CREATE FUNCTION listing_marketplaces_exist() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM marketplace m WHERE (m.alliance_id, m.id) IN (SELECT n.alliance_id, n.marketplace_id FROM new_rows n) FOR KEY SHARE OF m;
        IF EXISTS (SELECT 1 FROM new_rows n WHERE NOT EXISTS (SELECT 1 FROM marketplace m WHERE m.alliance_id = n.alliance_id AND m.id = n.marketplace_id)) THEN
          RAISE EXCEPTION 'insert or update on table "listing" violates its marketplace key: no such marketplace in the listing''s alliance' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER listing_marketplace_insert AFTER INSERT ON listing REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION listing_marketplaces_exist()`);

    await q.query(`
      CREATE FUNCTION listing_marketplace_exists() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM marketplace m WHERE m.alliance_id = NEW.alliance_id AND m.id = NEW.marketplace_id FOR KEY SHARE OF m;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'insert or update on table "listing" violates its marketplace key: no such marketplace in the listing''s alliance' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER listing_marketplace_update BEFORE UPDATE OF alliance_id, marketplace_id ON listing FOR EACH ROW
        WHEN (OLD.alliance_id IS DISTINCT FROM NEW.alliance_id OR OLD.marketplace_id IS DISTINCT FROM NEW.marketplace_id)
        EXECUTE FUNCTION listing_marketplace_exists()`);

    await q.query(`
      CREATE FUNCTION marketplace_listings_absent() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM listing l WHERE l.alliance_id = OLD.alliance_id AND l.marketplace_id = OLD.id) THEN
          RAISE EXCEPTION 'update or delete on table "marketplace" violates the key of its listings: listings name it' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER marketplace_listings_delete BEFORE DELETE ON marketplace FOR EACH ROW EXECUTE FUNCTION marketplace_listings_absent()`);
    await q.query(`
      CREATE TRIGGER marketplace_listings_rekey BEFORE UPDATE OF alliance_id, id ON marketplace FOR EACH ROW
        WHEN (OLD.alliance_id IS DISTINCT FROM NEW.alliance_id OR OLD.id IS DISTINCT FROM NEW.id)
        EXECUTE FUNCTION marketplace_listings_absent()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER marketplace_listings_rekey ON marketplace`);
    await q.query(`DROP TRIGGER marketplace_listings_delete ON marketplace`);
    await q.query(`DROP FUNCTION marketplace_listings_absent()`);
    await q.query(`DROP TRIGGER listing_marketplace_update ON listing`);
    await q.query(`DROP FUNCTION listing_marketplace_exists()`);
    await q.query(`DROP TRIGGER listing_marketplace_insert ON listing`);
    await q.query(`DROP FUNCTION listing_marketplaces_exist()`);
    await q.query(`ALTER TABLE listing ADD FOREIGN KEY (alliance_id, marketplace_id) REFERENCES marketplace (alliance_id, id)`);
  }
}
