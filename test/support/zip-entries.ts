import { writeFileSync } from 'node:fs';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';

/** Every entry of a zip, in order, read whole (test packs are small). */
export async function zipEntries(path: string): Promise<[string, Buffer][]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(path, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z!))));
  const out: [string, Buffer][] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) => zip.openReadStream(entry, (e, s) => {
      if (e || !s) return reject(e);
      const chunks: Buffer[] = [];
      s.on('data', (c: Buffer) => chunks.push(c));
      s.on('end', () => {
        out.push([entry.fileName, Buffer.concat(chunks)]);
        zip.readEntry();
      });
    }));
    zip.readEntry();
  });
  return out;
}

/** Writes these entries as a zip (a pack rebuilt with a change, for tamper tests). */
export async function writeZip(path: string, entries: [string, Buffer][]): Promise<void> {
  const zip = new ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  writeFileSync(path, Buffer.concat(chunks));
}
