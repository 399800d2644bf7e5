import { createHash } from 'node:crypto';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Image bytes sent with listings, kept content-addressed: FILES_DIR/<alliance>/listing-images/<sha256>.
 * The same picture sent with a thousand listings is one file; a listing keeps the hash (its
 * `images` column), which is also what a later evidence pack or perceptual hash starts from.
 */
export async function keepListingImage(filesDir: string, allianceId: string, bytes: Buffer): Promise<string> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = listingImagePath(filesDir, allianceId, sha256);
  const kept = await access(path).then(() => true, () => false);
  if (!kept) {
    await mkdir(join(filesDir, allianceId, 'listing-images'), { recursive: true });
    // written beside and renamed: a crash never leaves a half picture under its hash
    const part = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
    await writeFile(part, bytes);
    await rename(part, path);
  }
  return sha256;
}

export function listingImagePath(filesDir: string, allianceId: string, sha256: string): string {
  return join(filesDir, allianceId, 'listing-images', sha256);
}
