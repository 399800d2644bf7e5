import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

// The custody log only grows: no code path updates or deletes an entry (the table's trigger refuses
// both as well, test/e2e/custody.e2e-spec.ts). Only the chain's head row moves.
describe('custody_event is append-only in the code', () => {
  it('no statement of the API or the migrations after the table’s own updates or deletes custody_event', () => {
    const offending = [...sources('apps/api/src'), ...sources('migrations').filter((p) => !p.endsWith('1766300000000-custody-chain.ts'))]
      .filter((path) => /\b(UPDATE\s+custody_event\b|DELETE\s+FROM\s+custody_event\b|TRUNCATE\s+(TABLE\s+)?custody_event\b)/i.test(readFileSync(path, 'utf8')));
    expect(offending).toEqual([]);
  });

  it('the repository writes custody_event by INSERT only', () => {
    const text = readFileSync('apps/api/src/files/custody-chain.repository.ts', 'utf8');
    expect(text).toContain('INSERT INTO custody_event');
    expect(text).not.toMatch(/(UPDATE|DELETE FROM)\s+custody_event/i);
  });
});
