export default async function globalTeardown() {
  const pg = globalThis.__COUNTERMARK_PG__;
  if (pg) await pg.stop();
}
