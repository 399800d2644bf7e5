import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepListingImage, listingImagePath } from './listing-images.js';

describe('keepListingImage', () => {
  const alliance = '00000000-0000-4000-8000-000000000001';
  const bytes = Buffer.from('not really a picture, but bytes all the same');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  it('keeps the bytes once under their SHA-256, however often they are sent', async () => {
    const filesDir = mkdtempSync(join(tmpdir(), 'listing-images-'));
    for (let i = 0; i < 5; i++) expect(await keepListingImage(filesDir, alliance, bytes)).toBe(sha256);
    expect(readdirSync(join(filesDir, alliance, 'listing-images'))).toEqual([sha256]); // no part files left
    expect(readFileSync(listingImagePath(filesDir, alliance, sha256))).toEqual(bytes);
  });

  it('writes the picture into every files folder and alliance it is sent to (what it remembers is the path)', async () => {
    const first = mkdtempSync(join(tmpdir(), 'listing-images-'));
    const second = mkdtempSync(join(tmpdir(), 'listing-images-'));
    const other = '00000000-0000-4000-8000-000000000002';
    await keepListingImage(first, alliance, bytes);
    await keepListingImage(second, alliance, bytes);
    await keepListingImage(second, other, bytes);
    for (const [dir, a] of [[first, alliance], [second, alliance], [second, other]]) expect(readFileSync(listingImagePath(dir, a, sha256))).toEqual(bytes);
  });
});
