/**
 * Evidence pack benchmark (issue 17, outcome 5: "verifying a 1 GB evidence pack at disk speed,
 * reported as the ratio to sha256sum of the same files"). Loads the bare demo alliance into a fresh
 * embedded PostgreSQL; the demo member admin uploads BENCH_PACK_FILES evidence files of
 * BENCH_FILE_MB MiB each (default 16 × 64 MiB = 1 GiB, random bytes behind a PDF header) through
 * FileStorageService.store, opens a case and attaches them (the custody chain records each), and
 * exports the case's pack to a file through EvidencePackService.export (what GET
 * /evidence-packs/{caseId} streams). Then, each run once to warm the page cache and once measured:
 *  - the check `npm run verify-evidence` makes (inspectPackFile: every file hashed as it is read
 *    from the zip, the custody chain, the signed head, the manifest),
 *  - `sha256sum` over the stored files (the same bytes, from the files folder).
 * Both read from the page cache (the machine has the memory): the ratio compares hashing and
 * reading, the part the verifier can be slower at. Prints the export time, both times, MB/s and
 * the ratio.
 * Run: npm run bench:custody   (BENCH_PACK_FILES, BENCH_FILE_MB to scale; needs about twice the pack's size on disk)
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { DataSource } from 'typeorm';
import { createApp } from '../apps/api/src/bootstrap.js';
import { loadConfig } from '../apps/api/src/config/app-config.js';
import { startEmbeddedDatabase } from '../apps/api/src/database/embedded-database.js';
import { DemoService, DEMO_USERS } from '../apps/api/src/demo/demo.service.js';
import { EnforcementCaseService } from '../apps/api/src/enforcement/enforcement-case.service.js';
import { EvidencePackService } from '../apps/api/src/enforcement/evidence-pack.service.js';
import { FileStorageService } from '../apps/api/src/files/file-storage.service.js';
import { AuthService } from '../apps/api/src/identity/auth.service.js';
import { inspectPackFile } from '../libs/custody/src/verify-zip.js';

const FILES = Number(process.env.BENCH_PACK_FILES ?? 16);
const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 64);
const mb = (bytes: number) => bytes / 1024 / 1024;

async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const t0 = performance.now();
  const result = await work();
  return { seconds: (performance.now() - t0) / 1000, result };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'countermark-bench-custody-'));
  const db = await startEmbeddedDatabase({ dataDir, port: 54000 + Math.floor(Math.random() * 1000) });
  const config = loadConfig({}, {
    DATA_DIR: dataDir, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-00', LOG_LEVEL: 'error', WEB_DIST: join(dataDir, 'none'),
    MAX_FILE_BYTES: FILE_MB * 1024 * 1024,
  });
  const app = await createApp(config, db.url, { logger: ['error'] });
  try {
    await app.get(DemoService).load({ intel: false });
    const [{ id: userId }] = await app.get(DataSource).query(`SELECT id FROM app_user WHERE email = $1`, [DEMO_USERS.memberAdmin]);
    const ctx = await app.get(AuthService).contextOfUserId(userId);
    const files = app.get(FileStorageService);
    const cases = app.get(EnforcementCaseService);

    console.log(`Uploading ${FILES} evidence files of ${FILE_MB} MiB…`);
    const content = Buffer.alloc(FILE_MB * 1024 * 1024);
    const ids: string[] = [];
    const upload = await timed(async () => {
      for (let i = 0; i < FILES; i++) {
        randomFillSync(content);
        content.write('%PDF-1.7\n', 0, 'latin1');
        ids.push((await files.store(ctx, { fileName: `exhibit-${i + 1}.pdf`, contentType: 'application/pdf', content }, 'content')).id);
      }
    });
    console.log(`  uploaded in ${upload.seconds.toFixed(1)} s (stored, hashed, recorded in the custody chain)`);
    const opened = await cases.open(ctx, { title: 'Benchmark: a referral with a 1 GB evidence pack' });
    await cases.attachEvidence(ctx, opened.id, ids);

    const packPath = join(dataDir, 'pack.zip');
    const exported = await timed(async () => {
      const pack = await app.get(EvidencePackService).export(ctx, opened.id);
      await pipeline(pack.stream, createWriteStream(packPath));
    });
    const packBytes = statSync(packPath).size;
    console.log(`export of the pack (${mb(packBytes).toFixed(0)} MB, ${FILES} files): ${exported.seconds.toFixed(1)} s, ${(mb(packBytes) / exported.seconds).toFixed(0)} MB/s`);

    const paths = ids.map((id) => files.pathOf(ctx.allianceId, id));
    const verify = async () => {
      const { mismatch } = await inspectPackFile(packPath);
      if (mismatch) throw new Error(`the pack did not verify: ${mismatch.kind} ${mismatch.name}: ${mismatch.message}`);
    };
    const sha256sum = () => promisify(execFile)('sha256sum', paths, { maxBuffer: 1024 * 1024 });
    await verify(); // warm: both read from the page cache when measured
    await sha256sum();
    const checked = await timed(verify);
    const summed = await timed(sha256sum);
    const bytes = FILES * FILE_MB * 1024 * 1024;
    console.log(`verify-evidence (files, chain, signature): ${checked.seconds.toFixed(2)} s, ${(mb(bytes) / checked.seconds).toFixed(0)} MB/s of evidence`);
    console.log(`sha256sum of the same files: ${summed.seconds.toFixed(2)} s, ${(mb(bytes) / summed.seconds).toFixed(0)} MB/s`);
    console.log(`ratio verify / sha256sum: ${(checked.seconds / summed.seconds).toFixed(2)} (target: at disk speed, about 1)`);
  } finally {
    await app.close();
    await db.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
