import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createReadStream } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { CUSTODY_PATH, MANIFEST_PATH, PACK_FORMAT, SUMMARY_PATH, type CustodyKind, type CustodyLogLine, type PackFile, type PackManifest } from '../../../../libs/custody/src/index.js';
import { Role } from '../../../../libs/domain/src/index.js';
import { AllianceRepository } from '../alliances/alliance.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { DownloadSlots } from '../common/download-slots.js';
import { forbidden } from '../common/errors.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import type { CustodyEventRow } from '../files/custody-chain.repository.js';
import { CustodyChainService } from '../files/custody-chain.service.js';
import type { EvidenceFileEntity } from '../files/evidence-file.entity.js';
import { custodyActor, FileStorageService } from '../files/file-storage.service.js';
import { PageWriter } from '../takedown/takedown-notice.service.js';
import type { CaseRow } from './enforcement-case.repository.js';
import { EnforcementCaseService } from './enforcement-case.service.js';

export interface EvidencePack {
  fileName: string;
  stream: Readable;
}

/**
 * Evidence packs (issue 17, outcome 5): a zip of the case's files, a manifest of their SHA-256,
 * the case's custody log and a PDF summary, for a referral. Exporting is itself a custody event
 * (EXPORTED, naming every file and its hash), appended before anything is written: the pack's log
 * ends with it and its signed head is the pack's. The zip streams (files from storage, the log a
 * batch of entries at a time), so a pack of large files never sits in memory; each caller has
 * EXPORT_DOWNLOADS_PER_CALLER packs and exports downloading at a time on this replica.
 */
@Injectable()
export class EvidencePackService {
  private readonly slots: DownloadSlots;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cases: EnforcementCaseService,
    private readonly files: FileStorageService,
    private readonly custody: CustodyChainService,
    private readonly alliances: AllianceRepository,
    private readonly audit: AuditService,
    config: AppConfig,
  ) {
    this.slots = new DownloadSlots(() => config.EXPORT_DOWNLOADS_PER_CALLER);
  }

  /**
   * Who may export the case's pack: coordinators, the lead member's people and the partner the case
   * is referred to. Whoever may not see the case gets NOT_FOUND (as for one that does not exist); a
   * participating member who does not lead it, FORBIDDEN.
   */
  private async exportable(ctx: RequestContext, caseId: string): Promise<CaseRow> {
    const row = await this.cases.require(ctx, caseId, 'caseId');
    if (this.cases.actorFor(ctx, row)) return row;
    if (ctx.role === Role.PARTNER && ctx.organisationId && row.referredOrganisationId === ctx.organisationId) return row;
    throw forbidden('Coordinators, the lead member and the partner the case is referred to export its evidence pack');
  }

  /** The evidence files of a case that the caller may open, in the order they were attached. */
  private async evidenceFiles(ctx: RequestContext, caseId: string): Promise<EvidenceFileEntity[]> {
    const attached = (await this.cases.evidenceOf(ctx, [caseId])).get(caseId);
    const ids = (attached ?? []).map((e) => e.fileId);
    const open = await this.files.byIds(ctx, ids);
    return ids.map((id) => open.get(id)).filter((f): f is EvidenceFileEntity => !!f);
  }

  async export(ctx: RequestContext, caseId: string): Promise<EvidencePack> {
    const row = await this.exportable(ctx, caseId);
    const release = this.slots.take(ctx.actorId);
    try {
      const evidence = await this.evidenceFiles(ctx, caseId);
      const alliance = await this.alliances.findById(ctx.allianceId);
      const packFiles: PackFile[] = evidence.map((f, i) => ({
        path: `files/${String(i + 1).padStart(3, '0')}-${safeName(f.fileName)}`, fileId: f.id, fileName: f.fileName, contentType: f.contentType, sizeBytes: f.sizeBytes, sha256: f.sha256,
      }));
      const exported = await this.dataSource.transaction(async (em) => {
        const appended = await this.custody.append(em, custodyActor(ctx), {
          kind: 'EXPORTED', caseId,
          details: { recipient: ctx.role === Role.PARTNER ? 'REFERRED_PARTNER' : 'ALLIANCE', files: evidence.map((f) => ({ id: f.id, sha256: f.sha256, name: f.fileName })) },
        });
        await this.audit.record(em, ctx, { action: 'enforcement.evidence_pack_exported', targetType: 'EnforcementCase', targetId: caseId, after: { files: evidence.length, custodySeq: appended.seq } });
        return appended;
      });
      const publicKey = (await this.custody.publicKey(ctx.allianceId))!;
      const manifest: PackManifest = {
        format: PACK_FORMAT,
        alliance: { id: ctx.allianceId, name: alliance?.name ?? '' },
        case: { id: row.id, title: row.title, status: row.status },
        exportedAt: exported.entry.at,
        files: packFiles,
        custody: { path: CUSTODY_PATH, algorithm: 'Ed25519', publicKey, head: { seq: exported.seq, hash: exported.hash }, signature: exported.signature },
      };
      const fileIds = evidence.map((f) => f.id);
      const summary = await summaryPdf(manifest, (await this.custody.pageOfCase(ctx.allianceId, caseId, fileIds, 0, 1)).totalCount);
      const zip = new ZipFile();
      zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_PATH);
      zip.addReadStream(Readable.from(logText(this.custody.logOfCase(this.dataSource.manager, ctx.allianceId, caseId, fileIds, exported.seq))), CUSTODY_PATH);
      zip.addBuffer(summary, SUMMARY_PATH);
      // stored, not deflated: evidence is mostly compressed already, and the bytes stay as they are
      for (const f of packFiles) zip.addReadStream(createReadStream(this.files.pathOf(ctx.allianceId, f.fileId)), f.path, { compress: false });
      zip.end();
      const out = new PassThrough();
      zip.outputStream.on('error', (error) => out.destroy(error));
      zip.outputStream.pipe(out);
      out.once('close', release);
      return { fileName: `evidence-pack-${row.id.slice(0, 8)}-${exported.seq}.zip`, stream: out };
    } catch (error) {
      release();
      throw error;
    }
  }

  /** A page of the case's custody events (the parent case is one the caller sees), oldest first; only those of `kinds` when given. */
  async custodyLog(ctx: RequestContext, caseId: string, args: { first?: number; after?: string; kinds?: CustodyKind[] | null }): Promise<Connection<CustodyEventRow>> {
    const size = pageSize(args.first);
    const cursor = decodeCursor(args.after, 1);
    const attached = (await this.cases.evidenceOf(ctx, [caseId])).get(caseId);
    const kinds = args.kinds?.length ? [...new Set(args.kinds)] : null;
    const { totalCount, rows } = await this.custody.pageOfCase(ctx.allianceId, caseId, (attached ?? []).map((e) => e.fileId), cursor ? Number(cursor[0]) : 0, size + 1, kinds);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.seq]), (r) => r);
  }
}

/** A file name safe in a zip on every system: no folders, no control or reserved characters. */
function safeName(name: string): string {
  return name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120) || 'evidence';
}

async function* logText(lines: AsyncIterable<CustodyLogLine>): AsyncGenerator<string> {
  let pending = '';
  for await (const line of lines) {
    pending += `${JSON.stringify(line)}\n`;
    if (pending.length >= 64 * 1024) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/** The PDF summary: for people reading the pack; the manifest and the log are what is verified. */
async function summaryPdf(m: PackManifest, caseEvents: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Evidence pack: ${m.case.title}`);
  const writer = new PageWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  writer.line('Evidence pack', { size: 18, bold: true });
  writer.paragraph(`Case: ${m.case.title} (${m.case.status}), ${m.case.id}`);
  writer.paragraph(`Alliance: ${m.alliance.name} (${m.alliance.id})`);
  writer.paragraph(`Exported: ${m.exportedAt}`);
  writer.gap();
  writer.line(`Files (${m.files.length})`, { bold: true });
  for (const f of m.files) {
    writer.paragraph(`${f.path} - ${f.contentType}, ${f.sizeBytes} bytes`, 10);
    writer.paragraph(`SHA-256 ${f.sha256}`, 8);
  }
  writer.gap();
  writer.line('Chain of custody', { bold: true });
  writer.paragraph(`${caseEvents} custody events of this case in ${m.custody.path}; the chain's head is entry #${m.custody.head.seq}, hash ${m.custody.head.hash}, signed with the alliance's Ed25519 key:`, 10);
  writer.paragraph(`Public key (raw, base64): ${m.custody.publicKey}`, 8);
  writer.paragraph(`Signature (base64): ${m.custody.signature}`, 8);
  writer.gap();
  writer.paragraph('Check the pack with `npm run verify-evidence -- pack.zip` or on the web client\'s pack check page: it names the first file or custody entry that does not match. Compare the public key with the one the alliance publishes.', 10);
  return Buffer.from(await doc.save());
}
