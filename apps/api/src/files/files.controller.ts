import { Controller, Get, Headers, Logger, NotFoundException, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Public } from '../common/auth.decorators.js';
import { badInput, unauthenticated } from '../common/errors.js';
import { parseGlobalId } from '../common/node.js';
import type { RequestContext } from '../common/request-context.js';
import { AuthService } from '../identity/auth.service.js';
import { EvidenceFile } from './evidence-file.model.js';
import { FileStorageService } from './file-storage.service.js';

/** The part of a multipart request that multer read into memory. */
interface UploadedPart {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
}

/** What POST /files answers: the stored file, as `uploadEvidenceFile` would. */
export interface StoredFile {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
}

/**
 * Uploads: POST /files, a multipart/form-data body whose part `file` is the file (its declared type
 * must match its first bytes), with the API's bearer credentials; answers the stored file.
 * The auth guard refuses a caller without credentials before the body is read, and multer stops
 * reading at MAX_FILE_BYTES (413).
 * Downloads: GET /files/{id} with the API's bearer credentials, or with the `access` token of a
 * signed link from `EvidenceFile.downloadUrl` (for plain browser links).
 */
@Controller('files')
export class FilesController {
  private readonly logger = new Logger('Files');

  constructor(
    private readonly files: FileStorageService,
    private readonly auth: AuthService,
  ) {}

  @Post()
  @UseInterceptors(FileInterceptor('file'))
  async upload(@Req() req: Request & { requestContext?: RequestContext }, @UploadedFile() part: UploadedPart | undefined): Promise<StoredFile> {
    const ctx = req.requestContext;
    if (!ctx) throw unauthenticated();
    if (!part) throw badInput('file', 'Send the file as multipart/form-data, in a part named "file"');
    const fileName = part.originalname.replace(/[/\\\u0000-\u001f]/g, '_').slice(0, 255) || 'evidence';
    const file = await this.files.store(ctx, { fileName, contentType: part.mimetype, content: part.buffer }, 'file');
    return { id: EvidenceFile.from(file).id, fileName: file.fileName, contentType: file.contentType, sizeBytes: file.sizeBytes, sha256: file.sha256 };
  }

  @Public()
  @Get(':id')
  async download(@Param('id') id: string, @Query('access') access: string | undefined, @Headers('authorization') authorization: string | undefined, @Res() res: Response): Promise<void> {
    const parsed = parseGlobalId(id);
    if (!parsed || parsed.type !== EvidenceFile.typename) throw new NotFoundException();
    let opened;
    if (access) {
      opened = await this.files.openSigned(parsed.uuid, access);
    } else {
      opened = await this.files.open(await this.auth.authenticateHeader(authorization), parsed.uuid);
    }
    const { file, stream } = opened;
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-length', String(file.sizeBytes));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, no-store');
    // a read that fails part-way (a disk error) ends the response instead of the process
    await pipeline(stream, res).catch((error: unknown) => {
      this.logger.error(`Download of ${id} failed: ${String(error)}`);
      res.destroy();
    });
  }
}
