import { describe, expect, it } from '@jest/globals';
import { equalityPattern, patternEqualities, PatternSyntaxError } from './stix-pattern.js';

describe('STIX patterns', () => {
  it('writes an equality and reads it back, quotes and backslashes included', () => {
    const value = "O'Neil \\ Sons";
    const pattern = equalityPattern('x-countermark-company-name', ['value'], value);
    expect(pattern).toBe("[x-countermark-company-name:value = 'O\\'Neil \\\\ Sons']");
    expect(patternEqualities(pattern)).toEqual([{ objectType: 'x-countermark-company-name', path: ['value'], value }]);
    expect(equalityPattern('file', ['hashes', 'SHA-256'], 'ab')).toBe("[file:hashes.'SHA-256' = 'ab']");
  });

  it('takes every plain equality of a compound pattern', () => {
    expect(patternEqualities("[domain-name:value = 'a.example' OR ipv4-addr:value = '198.51.100.1'] AND [file:hashes.'SHA-256' = 'ff']")).toEqual([
      { objectType: 'domain-name', path: ['value'], value: 'a.example' },
      { objectType: 'ipv4-addr', path: ['value'], value: '198.51.100.1' },
      { objectType: 'file', path: ['hashes', 'SHA-256'], value: 'ff' },
    ]);
  });

  it('leaves out what is not a plain equality on a string', () => {
    const pattern = [
      "[email-addr:value NOT = 'a@example.com']",
      "[url:value LIKE '%fake%']",
      "[domain-name:value MATCHES '^x']",
      "[ipv4-addr:value ISSUBSET '198.51.100.0/24']",
      "[file:name IN ('a', 'b')]",
      "[file:size = 25]",
      "[file:created = t'2024-01-01T00:00:00Z']",
      "[email-message:from_ref.value != 'x@example.com']",
      "[network-traffic:extensions.'http-request-ext'.request_header.'Host' = 'shop.example'] WITHIN 300 SECONDS",
      "[user-account:account_login = 'x'] REPEATS 5 TIMES START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'",
      "[process:arguments[*] = 'evil']",
    ].join(' FOLLOWEDBY ');
    expect(patternEqualities(pattern)).toEqual([
      { objectType: 'network-traffic', path: ['extensions', 'http-request-ext', 'request_header', 'Host'], value: 'shop.example' },
      { objectType: 'user-account', path: ['account_login'], value: 'x' },
      { objectType: 'process', path: ['arguments', '[*]'], value: 'evil' },
    ]);
  });

  it('refuses text that is not a pattern', () => {
    for (const text of ["[domain-name:value = 'open]", "[domain-name:value = 'a'", "domain-name:value = 'a'", "[domain-name:value = 'a\\x']", '[a:b = ~]']) {
      expect(() => patternEqualities(text)).toThrow(PatternSyntaxError);
    }
  });
});
