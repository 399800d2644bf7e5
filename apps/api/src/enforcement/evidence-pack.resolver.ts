import { Args, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { mapConnection } from '../common/pagination.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { CustodyEvent, CustodyEventConnection } from '../files/custody-event.model.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { CustodyLogArgs } from './dto/custody-log.args.js';
import { EnforcementCase } from './enforcement-case.models.js';
import { EvidencePackService } from './evidence-pack.service.js';

@Resolver(() => EnforcementCase)
export class EvidencePackResolver {
  constructor(private readonly packs: EvidencePackService) {}

  @ResolveField(() => CustodyEventConnection, {
    description: 'The case’s chain of custody, oldest first: its events (attached, handed over, exported) and its files’ outside any case (collected, viewed); `kinds` keeps only those kinds (the case page’s timeline asks for its exports)',
  })
  async custodyLog(@Parent() c: EnforcementCase, @Ctx() ctx: RequestContext, @Args() args: CustodyLogArgs) {
    return mapConnection(await this.packs.custodyLog(ctx, c.row.id, args), CustodyEvent.from);
  }
}

@Resolver(() => CustodyEvent)
export class CustodyEventResolver {
  constructor(private readonly files: FileStorageService) {}

  @ResolveField(() => EvidenceFile, { nullable: true, description: 'The file the event concerns, if the caller may open it' })
  async file(@Parent() e: CustodyEvent, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile | null> {
    if (!e.fileUuid) return null;
    const f = await loaders.get('fileById', (keys: readonly string[]) => this.files.byIds(ctx, keys), null).load(e.fileUuid);
    return f ? EvidenceFile.from(f) : null;
  }
}
