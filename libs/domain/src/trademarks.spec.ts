import { describe, expect, it } from '@jest/globals';
import { foldOwnerName } from './trademarks.js';

describe('foldOwnerName', () => {
  it('treats case, punctuation, diacritics, width and legal forms as the same owner', () => {
    expect(foldOwnerName('Hermès International S.A.')).toBe(foldOwnerName('HERMES INTERNATIONAL SA'));
    expect(foldOwnerName('Acme Co., Ltd.')).toBe(foldOwnerName('ACME'));
    expect(foldOwnerName('ＡＣＭＥ　Ｌｔｄ')).toBe(foldOwnerName('Acme Limited'));
    expect(foldOwnerName('Müller GmbH')).toBe('muller');
  });

  it('keeps different owners apart', () => {
    expect(foldOwnerName('Acme Ltd')).not.toBe(foldOwnerName('Acme Trading Ltd'));
  });
});
