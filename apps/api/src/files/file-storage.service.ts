import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { ReadStream } from 'node:fs';
import { mkdir, open as openFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { jwtVerify, SignJWT } from 'jose';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { badInput, forbidden, notFound } from '../common/errors.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { AppConfig } from '../config/app-config.js';
import { actAs } from '../database/tenancy.js';
import { Role } from '../../../../libs/domain/src/index.js';
import type { EvidenceFileEntity } from './evidence-file.entity.js';
import { EvidenceFileRepository, ORGANISATION_PARAM } from './evidence-file.repository.js';
import { CustodyChainService, type CustodyActor } from './custody-chain.service.js';
import { EvidenceFile } from './evidence-file.model.js';

export const ALLOWED_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg', 'image/webp', 'image/gif', 'text/plain'];

// the first bytes each binary type must start with, so a renamed executable is not stored as a PDF
export const MAGIC: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'text/plain': (b) => !b.includes(0),
};

/**
 * Evidence files: stored under FILES_DIR/<alliance>/<id>, with SHA-256, size and type recorded.
 * Visible to the uploading organisation and the alliance's coordinators.
 */
/** SQL on the file's id column that must hold for the caller to open the file; null: no say for this caller. */
export type FileRestriction = (ctx: RequestContext, fileIdColumn: string) => string | null;
/**
 * A SQL condition under which an organisation may open a file of another organisation:
 * `organisationParam` is the query's placeholder bound to the caller's organisation id (never the id itself);
 * `ctx` lets a grant depend on the caller's role and scopes (null: no grant for this caller).
 */
export type FileGrant = (organisationParam: string, fileIdColumn: string, ctx: RequestContext) => string | null;

/** Who may upload evidence files. */
const UPLOADERS = new Set<Role>([Role.COORDINATOR, Role.MEMBER_ADMIN, Role.MEMBER_ANALYST]);

@Injectable()
export class FileStorageService implements OnModuleInit {
  private readonly logger = new Logger('Files');
  private readonly restrictions: FileRestriction[] = [];
  private readonly grants: FileGrant[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly files: EvidenceFileRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly custody: CustodyChainService,
  ) {
    this.secret = new TextEncoder().encode(config.sessionSecret());
  }

  private readonly secret: Uint8Array;

  onModuleInit() {
    this.nodes.registerBatch(EvidenceFile.typename, (ctx, uuids) => this.byIds(ctx, uuids), EvidenceFile.from);
  }

  /** `uploadEvidenceFile`: the bytes arrive base64-encoded inside GraphQL. */
  async upload(ctx: RequestContext, input: { fileName: string; contentType: string; contentBase64: string }): Promise<EvidenceFileEntity> {
    return this.store(ctx, { fileName: input.fileName, contentType: input.contentType, content: Buffer.from(input.contentBase64, 'base64') }, 'contentBase64');
  }

  /**
   * Checks and stores one file, whichever way it came (GraphQL or POST /files); `contentField`
   * names the input that carried the bytes, for the error of an empty or too large file.
   */
  async store(ctx: RequestContext, input: { fileName: string; contentType: string; content: Buffer }, contentField: string): Promise<EvidenceFileEntity> {
    // evidence backs members' brands, trademarks and reports, and coordinators' decisions: partners
    // and platform reviewers only read what they are shown
    if (!UPLOADERS.has(ctx.role)) throw forbidden('Only coordinators and the people of member organisations upload evidence');
    const { content } = input;
    if (content.length === 0) throw badInput(contentField, 'The file is empty');
    if (content.length > this.config.MAX_FILE_BYTES) {
      throw badInput(contentField, `The file is larger than ${Math.floor(this.config.MAX_FILE_BYTES / 1024 / 1024)} MiB`);
    }
    if (!ALLOWED_CONTENT_TYPES.includes(input.contentType)) {
      throw badInput('contentType', `contentType must be one of ${ALLOWED_CONTENT_TYPES.join(', ')}`);
    }
    if (!MAGIC[input.contentType]?.(content)) throw badInput('contentType', `The content is not ${input.contentType}`);
    const id = randomUUID();
    const storageKey = join(ctx.allianceId, id);
    const path = join(this.config.filesDir, storageKey);
    await mkdir(dirname(path), { recursive: true });
    // written beside and renamed, so a crash never leaves a half file under the final name
    await writeFile(`${path}.part`, content);
    await rename(`${path}.part`, path);
    return this.dataSource.transaction(async (em) => {
      const saved = await this.files.insert(em, {
        id,
        allianceId: ctx.allianceId,
        organisationId: ctx.organisationId,
        uploadedBy: ctx.actorId,
        fileName: input.fileName,
        contentType: input.contentType,
        sizeBytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        storageKey,
      });
      await this.audit.record(em, ctx, { action: 'file.uploaded', targetType: 'EvidenceFile', targetId: id, after: saved });
      await this.custody.append(em, custodyActor(ctx), { kind: 'COLLECTED', file: saved, details: { contentType: saved.contentType, sizeBytes: saved.sizeBytes } });
      return saved;
    });
  }

  /** Where the alliance's file with this id is kept: a context that spools a file itself writes it here, then records it. */
  pathOf(allianceId: string, id: string): string {
    return join(this.config.filesDir, allianceId, id);
  }

  /**
   * Records, in `em`'s transaction, a file the caller's context already wrote whole to
   * `pathOf(ctx.allianceId, file.id)`, sized and hashed as it was spooled (an e-mail's RFC 822
   * source, kept before the SMTP listener answers); visible like any upload of its organisation.
   */
  async recordSpooled(em: EntityManager, ctx: RequestContext, file: { id: string; fileName: string; contentType: string; sizeBytes: number; sha256: string }): Promise<EvidenceFileEntity> {
    const saved = await this.files.insert(em, {
      ...file, allianceId: ctx.allianceId, organisationId: ctx.organisationId, uploadedBy: ctx.actorId, storageKey: join(ctx.allianceId, file.id),
    });
    await this.audit.record(em, ctx, { action: 'file.uploaded', targetType: 'EvidenceFile', targetId: file.id, after: saved });
    await this.custody.append(em, custodyActor(ctx), { kind: 'COLLECTED', file: saved, details: { contentType: saved.contentType, sizeBytes: saved.sizeBytes } });
    return saved;
  }

  /**
   * Adds a condition to who may open a file, for a context that attaches files to what it owns
   * (intelligence: a RED report's evidence stays with its organisation, coordinators included).
   */
  restrict(restriction: FileRestriction): void {
    this.restrictions.push(restriction);
  }

  /**
   * Adds a way for an organisation to open files it did not upload, for a context that shows files
   * attached to what it owns to others (takedown: a request's screenshots to its deciders).
   */
  grant(grant: FileGrant): void {
    this.grants.push(grant);
  }

  /** The files the caller may open: its organisation's and those granted to it (coordinators: the alliance's), less what a restriction keeps back. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, EvidenceFileEntity>> {
    if (ids.length === 0) return new Map();
    const conditions = this.restrictions.map((restriction) => restriction(ctx, 'f.id')).filter((c): c is string => !!c);
    const organisationId = ctx.isCoordinator ? undefined : (ctx.organisationId ?? '00000000-0000-0000-0000-000000000000');
    const granted = organisationId && ctx.organisationId ? this.grants.map((grant) => grant(ORGANISATION_PARAM, 'f.id', ctx)).filter((g): g is string => !!g) : [];
    const rows = await this.files.byIds(ctx.allianceId, ids, organisationId, conditions, granted);
    return new Map(rows.map((r) => [r.id, r]));
  }

  /**
   * A link that downloads one file for 15 minutes without the bearer header (for <a href> in the
   * browser). Issued only for files the caller can see; bound to the alliance and the file.
   */
  async signDownload(ctx: RequestContext, fileUuid: string, globalId: string): Promise<string> {
    const token = await new SignJWT({ aid: ctx.allianceId, act: ctx.actorId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(fileUuid)
      .setAudience('file-download')
      .setExpirationTime('15m')
      .sign(this.secret);
    return `/files/${globalId}?access=${token}`;
  }

  /** The file a download link grants, or NOT_FOUND for a bad, expired or foreign link. */
  async openSigned(fileUuid: string, access: string): Promise<{ file: EvidenceFileEntity; stream: ReadStream }> {
    let allianceId: string;
    let linkedBy: string;
    try {
      const { payload } = await jwtVerify(access, this.secret, { algorithms: ['HS256'], audience: 'file-download', subject: fileUuid });
      allianceId = String(payload.aid);
      linkedBy = String(payload.act);
    } catch {
      throw notFound('File');
    }
    actAs(allianceId); // the signed link names its alliance: the request acts in it (database/tenancy.ts)
    const file = await this.files.find(allianceId, fileUuid);
    if (!file) throw notFound('File');
    const stream = await this.streamOf(file);
    // the link's holder is not known: the entry names who issued the link
    await this.viewed({ allianceId, actorId: linkedBy, organisationId: null, role: null }, file, 'LINK', stream);
    return { file, stream };
  }

  /**
   * The file's bytes, opened before anything is answered: a file whose row exists but whose bytes
   * are gone from storage is NOT_FOUND (and logged), not a stream that fails after the headers.
   */
  private async streamOf(file: EvidenceFileEntity): Promise<ReadStream> {
    const handle = await openFile(join(this.config.filesDir, file.storageKey), 'r').catch((error: unknown) => {
      this.logger.error(`Evidence file ${file.id} is missing from storage: ${String(error)}`);
      throw notFound('File');
    });
    return handle.createReadStream();
  }

  async open(ctx: RequestContext, id: string): Promise<{ file: EvidenceFileEntity; stream: ReadStream }> {
    const file = (await this.byIds(ctx, [id])).get(id);
    if (!file) throw notFound('File');
    const stream = await this.streamOf(file);
    await this.viewed(custodyActor(ctx), file, 'API', stream);
    return { file, stream };
  }

  /**
   * A download is a custody event (VIEWED), recorded before a byte is sent; if it cannot be
   * recorded the download does not happen.
   */
  private async viewed(actor: CustodyActor, file: EvidenceFileEntity, via: 'API' | 'LINK', stream: ReadStream): Promise<void> {
    try {
      await this.custody.appendNow(actor, { kind: 'VIEWED', file, details: { via } });
    } catch (error) {
      stream.destroy();
      throw error;
    }
  }
}

/** The custody chain's actor for a request. */
export function custodyActor(ctx: RequestContext): CustodyActor {
  return { allianceId: ctx.allianceId, actorId: ctx.actorId, organisationId: ctx.organisationId, role: ctx.role };
}
