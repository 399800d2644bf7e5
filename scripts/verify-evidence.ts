import { inspectPackFile } from '../libs/custody/src/verify-zip.js';

/**
 * `npm run verify-evidence -- pack.zip [more.zip …]`: checks evidence packs (issue 17, outcome 5)
 * — every file against the manifest's SHA-256, every custody entry against its hash and its
 * predecessor, the signed head with the pack's public key, and the manifest against the export's
 * entry — and prints OK or the first file or entry that does not match; exits 1 if any pack fails.
 * It needs no server and no database: compare the public key it prints with the one the alliance
 * publishes (`custodyPublicKey`).
 */
const paths = process.argv.slice(2);
if (!paths.length) {
  console.error('usage: npm run verify-evidence -- pack.zip');
  process.exit(2);
}
let failed = false;
for (const path of paths) {
  const { mismatch, manifest } = await inspectPackFile(path);
  if (mismatch || !manifest) {
    failed = true;
    console.log(`${path}: MISMATCH ${mismatch?.kind} ${mismatch?.name}: ${mismatch?.message}`);
  } else {
    const { head, publicKey } = manifest.custody;
    console.log(`${path}: OK (${manifest.files.length} files; custody chain to entry #${head.seq}, signed by the alliance key ${publicKey}: compare it with custodyPublicKey)`);
  }
}
process.exit(failed ? 1 : 0);
