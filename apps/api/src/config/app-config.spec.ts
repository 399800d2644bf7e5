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

  it('takes DATABASE_APP_URL only beside DATABASE_URL and only for another role than the owner', () => {
    const owner = 'postgres://owner:secret@db.example/countermark';
    expect(loadConfig({ DATABASE_URL: owner, DATABASE_APP_URL: 'postgres://app:pw@db.example/countermark' }).DATABASE_APP_URL).toBe('postgres://app:pw@db.example/countermark');
    expect(() => loadConfig({ DATABASE_APP_URL: 'postgres://app:pw@db.example/countermark' })).toThrow(/DATABASE_APP_URL: only with DATABASE_URL/);
    expect(() => loadConfig({ DATABASE_URL: owner, DATABASE_APP_URL: 'postgres://owner:other@db.example/countermark' })).toThrow(/DATABASE_APP_URL: must connect as another role/);
    expect(() => loadConfig({ DATABASE_URL: owner, DATABASE_APP_URL: 'db.example/countermark' })).toThrow(/DATABASE_APP_URL must be a postgres:\/\/ URL/);
  });

  it('takes the embedded PostgreSQL\'s shared_buffers as a PostgreSQL size, absent by default', () => {
    expect(loadConfig({ EMBEDDED_PG_SHARED_BUFFERS: '2GB' }).EMBEDDED_PG_SHARED_BUFFERS).toBe('2GB');
    expect(loadConfig({}).EMBEDDED_PG_SHARED_BUFFERS).toBeUndefined();
    expect(() => loadConfig({ EMBEDDED_PG_SHARED_BUFFERS: '2 GB' })).toThrow(/EMBEDDED_PG_SHARED_BUFFERS/);
    expect(() => loadConfig({ EMBEDDED_PG_SHARED_BUFFERS: '512' })).toThrow(/EMBEDDED_PG_SHARED_BUFFERS/);
  });

  it('turns GraphiQL and introspection off in production only, and reads TRUST_PROXY as express takes it', () => {
    expect(loadConfig({}).introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).introspection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).introspection).toBe(false);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(() => loadConfig({ MAX_ANONYMOUS_BODY_BYTES: '10' })).toThrow(/MAX_ANONYMOUS_BODY_BYTES/);
  });

  it('turns the takedown SMTP listener on at 2525 for the demo outside production, off otherwise, and as configured', () => {
    expect(loadConfig({}).takedownSmtpPort).toBe(2525);
    expect(loadConfig({ LOAD_DEMO: 'false' }).takedownSmtpPort).toBeNull();
    expect(loadConfig({ NODE_ENV: 'production' }).takedownSmtpPort).toBeNull();
    expect(loadConfig({ NODE_ENV: 'production', TAKEDOWN_SMTP_PORT: '25' }).takedownSmtpPort).toBe(25);
    expect(loadConfig({ TAKEDOWN_SMTP_PORT: '0' }).takedownSmtpPort).toBeNull();
    expect(() => loadConfig({ TAKEDOWN_SMTP_PORT: '70000' })).toThrow(/TAKEDOWN_SMTP_PORT/);
  });
});
