import { describe, expect, it } from '@jest/globals';
import { loadConfig } from './app-config.js';

describe('configuration', () => {
  it('has working defaults and reads the environment', () => {
    const c = loadConfig({ PORT: '4000', LOAD_DEMO: 'false', DATABASE_URL: 'postgres://x@y/z' });
    expect(c).toMatchObject({ PORT: 4000, HOST: '127.0.0.1', LOAD_DEMO: false, DATABASE_URL: 'postgres://x@y/z', SESSION_TTL_HOURS: 12 });
    expect(loadConfig({}).PORT).toBe(3000);
  });

  it('refuses invalid settings with a message naming them', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT/);
    expect(() => loadConfig({ SESSION_SECRET: 'short' })).toThrow(/SESSION_SECRET/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });
});
