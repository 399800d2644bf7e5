import { Controller, Get, Headers, NotFoundException, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { parseGlobalId } from '../common/node.js';
import { AuthService } from '../identity/auth.service.js';
import { EvidenceFile } from './evidence-file.model.js';
import { FileStorageService } from './file-storage.service.js';

/**
 * Downloads: GET /files/{id} with the API's bearer credentials, or with the `access` token of a
 * signed link from `EvidenceFile.downloadUrl` (for plain browser links).
 */
@Controller('files')
export class FilesController {
  constructor(
    private readonly files: FileStorageService,
    private readonly auth: AuthService,
  ) {}

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
    stream.pipe(res);
  }
}
