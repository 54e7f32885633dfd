import { describe, expect, it } from 'vitest';
import { DemoConfigError, flavorOfToken, parseAccounts, readDemoConfig } from './config';

const meta = {
  META_APP_SECRET: 'app-secret',
  META_VERIFY_TOKEN: 'verify-me',
  META_ACCOUNTS: '1000000042:EAAB-page-token',
  PUBLIC_URL: 'https://inbox.example.com/',
  DEMO_PASSWORD: 'correct horse battery staple',
};

describe('readDemoConfig', () => {
  it('runs on the sandbox when no Meta variable is set, on port 5173 unless PORT says otherwise', () => {
    expect(readDemoConfig({})).toEqual({ mode: 'sandbox', port: 5173, host: '127.0.0.1' });
    expect(readDemoConfig({ PORT: '3000', HOST: '0.0.0.0' })).toEqual({ mode: 'sandbox', port: 3000, host: '0.0.0.0' });
  });

  it('refuses a port that is not a port', () => {
    expect(() => readDemoConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number from 0 to 65535, got "eighty"/);
    expect(() => readDemoConfig({ PORT: '70000' })).toThrow(DemoConfigError);
  });

  it('talks to the real Graph API when all Meta variables are set', () => {
    const c = readDemoConfig(meta);
    expect(c).toMatchObject({
      mode: 'meta',
      appSecret: 'app-secret',
      verifyToken: 'verify-me',
      publicUrl: 'https://inbox.example.com',
      accounts: [{ id: '1000000042', flavor: 'page', token: 'EAAB-page-token' }],
    });
  });

  it('uses a separate Instagram app secret for Instagram-Login accounts when given', () => {
    const c = readDemoConfig({ ...meta, META_INSTAGRAM_APP_SECRET: 'ig-secret' });
    expect(c.mode === 'meta' && c.appSecret).toEqual({ page: 'app-secret', instagram: 'ig-secret' });
  });

  it('names exactly the missing variables of a half-done setup instead of silently using the sandbox', () => {
    const { PUBLIC_URL: _u, META_VERIFY_TOKEN: _v, ...partial } = meta;
    expect(() => readDemoConfig(partial)).toThrow(/missing: META_VERIFY_TOKEN, PUBLIC_URL/);
  });

  it('requires a password before it serves an inbox with real tokens', () => {
    const { DEMO_PASSWORD: _p, ...open } = meta;
    expect(() => readDemoConfig(open)).toThrow(/DEMO_PASSWORD is required/);
  });

  it('requires https for PUBLIC_URL (Meta only calls https webhooks), except on this machine', () => {
    expect(() => readDemoConfig({ ...meta, PUBLIC_URL: 'http://inbox.example.com' })).toThrow(/must use https/);
    expect(() => readDemoConfig({ ...meta, PUBLIC_URL: 'not a url' })).toThrow(/absolute URL/);
    expect(readDemoConfig({ ...meta, PUBLIC_URL: 'http://localhost:5173' })).toMatchObject({ publicUrl: 'http://localhost:5173' });
  });
});

describe('parseAccounts', () => {
  it('reads id:token pairs and tells the flavor from the token', () => {
    expect(parseAccounts('1000000042:EAAB-page, 17841400000000001:IGAAT-user')).toEqual([
      { id: '1000000042', flavor: 'page', token: 'EAAB-page' },
      { id: '17841400000000001', flavor: 'instagram', token: 'IGAAT-user' },
    ]);
  });

  it('reads JSON with explicit flavor and the IG user id of a Page account', () => {
    expect(parseAccounts('[{"id":"1000000042","token":"tok","flavor":"page","igUserId":"17841400000000042","name":"Shop"}]')).toEqual([
      { id: '1000000042', flavor: 'page', token: 'tok', igUserId: '17841400000000042', name: 'Shop' },
    ]);
  });

  it('explains what is wrong with a bad entry', () => {
    expect(() => parseAccounts('1000000042')).toThrow(/entry 1 must look like <account id>:<access token>/);
    expect(() => parseAccounts('1000000042:opaque-token')).toThrow(/cannot tell the flavor from the token/);
    expect(() => parseAccounts('[{"id":"1:2","token":"EAA"}]')).toThrow(/id must be the numeric Page id/);
    expect(() => parseAccounts('[{"id":"1","token":"EAA","flavor":"messenger"}]')).toThrow(/flavor must be "page" or "instagram"/);
    expect(() => parseAccounts('[{"id":"1"')).toThrow(/META_ACCOUNTS is not valid JSON/);
  });

  it('never puts a token into an error message', () => {
    try {
      parseAccounts('[{"id":"1:2","token":"EAA-secret-token-value"}]');
    } catch (err) {
      expect(String(err)).not.toContain('EAA-secret-token-value');
    }
    expect.assertions(1);
  });
});

describe('flavorOfToken', () => {
  it('knows Page tokens (EAA…) and Instagram User tokens (IG…)', () => {
    expect(flavorOfToken('EAAGm0PX4ZCpsBA')).toBe('page');
    expect(flavorOfToken('IGQWRPa1')).toBe('instagram');
    expect(flavorOfToken('abc')).toBeNull();
  });
});
