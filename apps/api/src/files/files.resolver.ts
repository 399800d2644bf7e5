import { Args, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context.js';
import { UploadEvidenceFileInput } from './dto/upload-evidence-file.input.js';
import { EvidenceFile } from './evidence-file.model.js';
import { FileStorageService } from './file-storage.service.js';

@Resolver(() => EvidenceFile)
export class FilesResolver {
  constructor(private readonly files: FileStorageService) {}

  @Mutation(() => EvidenceFile, { description: 'Stores a file (base64 in, at most MAX_FILE_BYTES) to attach as evidence' })
  async uploadEvidenceFile(@Ctx() ctx: RequestContext, @Args('input') input: UploadEvidenceFileInput): Promise<EvidenceFile> {
    return EvidenceFile.from(await this.files.upload(ctx, input));
  }

  @ResolveField(() => String, { description: 'A link that downloads the file for 15 minutes without credentials' })
  async downloadUrl(@Parent() file: EvidenceFile, @Ctx() ctx: RequestContext): Promise<string> {
    return this.files.signDownload(ctx, file.uuid, file.id);
  }
}
