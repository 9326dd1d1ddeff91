import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('defaults to PGlite in ./.tongji on port 3000 with the demo', () => {
    const c = loadConfig({}, '/srv/app');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe('/srv/app/.tongji');
    expect(c.database).toEqual({ engine: 'pglite', dataDir: '/srv/app/.tongji/pgdata' });
    expect(c.demo).toEqual({ enabled: true, units: 2000 });
  });
  it('switches to PostgreSQL with DATABASE_URL and reads PORT and the data folder', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@h/db', PORT: '8080', TONGJI_DATA_DIR: '/data' });
    expect(c.database).toEqual({ engine: 'postgres', url: 'postgres://u@h/db' });
    expect(c.port).toBe(8080);
    expect(c.dataDir).toBe('/data');
  });
  it('reads the public address and which proxies to trust, refusing what would make bad links', () => {
    const c = loadConfig({
      PUBLIC_BASE_URL: 'https://tjj.ningbo.gov.cn',
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1',
    });
    expect(c.publicBaseUrl).toBe('https://tjj.ningbo.gov.cn');
    expect(c.trustProxy).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'https://tjj.ningbo.gov.cn/' })).toThrow(ConfigError);
    expect(() => loadConfig({ PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: 'everyone' })).toThrow(ConfigError);
  });
  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '' }).database.engine).toBe('pglite');
  });
  it('fails fast listing every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', TONGJI_DEMO: 'maybe' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (e) {
      expect(String((e as Error).message)).toMatch(/PORT/);
      expect(String((e as Error).message)).toMatch(/DATABASE_URL/);
    }
  });
});
