import { describe, expect, it } from '@jest/globals';
import { loginRoleName } from './app-role.js';

describe('the login role the app makes for a database', () => {
  it('is countermark_app_<database>, within PostgreSQL’s 63 bytes, distinct for distinct databases', () => {
    expect(loginRoleName('countermark')).toBe('countermark_app_countermark');
    expect(loginRoleName('t_mbx4_abc123')).toBe('countermark_app_t_mbx4_abc123');
    const long = loginRoleName(`tpl_${'x'.repeat(60)}_full`);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(long).toMatch(/^countermark_app_tpl_x+_[0-9a-f]{8}$/);
    expect(loginRoleName(`tpl_${'x'.repeat(60)}_bare`)).not.toBe(long);
    // quoted names: letters outside [a-z0-9_] are replaced, and the hash keeps "a-b" and "a_b" apart
    expect(loginRoleName('Shop-DB')).toMatch(/^countermark_app_shop_db_[0-9a-f]{8}$/);
    expect(loginRoleName('a-b')).not.toBe(loginRoleName('a_b'));
  });
});
