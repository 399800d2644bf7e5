import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { parseGlobalId } from '../common/node.js';
import type { RequestContext } from '../common/request-context.js';
import { EvidenceFile } from './evidence-file.model.js';
import { FileStorageService } from './file-storage.service.js';

/** Downloads: GET /files/{id} with the same bearer credentials as the API. */
@Controller('files')
export class FilesController {
  constructor(private readonly files: FileStorageService) {}

  @Get(':id')
  async download(@Param('id') id: string, @Req() req: Request & { requestContext?: RequestContext }, @Res() res: Response): Promise<void> {
    const parsed = parseGlobalId(id);
    if (!parsed || parsed.type !== EvidenceFile.typename || !req.requestContext) throw new NotFoundException();
    const { file, stream } = await this.files.open(req.requestContext, parsed.uuid).catch(() => {
      throw new NotFoundException();
    });
    res.setHeader('content-type', file.contentType);
    res.setHeader('content-length', String(file.sizeBytes));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    res.setHeader('x-content-type-options', 'nosniff');
    stream.pipe(res);
  }
}
