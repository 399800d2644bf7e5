import { Args, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Loaders, RequestLoaders } from '../common/loaders.js';
import { mapConnection } from '../common/pagination.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { EvidenceFile } from '../files/evidence-file.model.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { TakedownInboundMailArgs } from './dto/takedown-email.args.js';
import { TakedownInboundMail, TakedownInboundMailConnection, TakedownMailRefusals } from './takedown-email.model.js';
import { TakedownEmailService } from './takedown-email.service.js';
import { TakedownBulkService } from './takedown-bulk.service.js';
import { TakedownBulkImport, TakedownRequest } from './takedown.models.js';
import { TakedownService } from './takedown.service.js';

const present = <T>(values: readonly (T | null | Error)[]): T[] => values.filter((v): v is T => v !== null && !(v instanceof Error));

@Resolver(() => TakedownInboundMail)
export class TakedownEmailResolver {
  constructor(
    private readonly email: TakedownEmailService,
    private readonly takedowns: TakedownService,
    private readonly bulk: TakedownBulkService,
    private readonly files: FileStorageService,
    private readonly members: MemberService,
  ) {}

  @Query(() => TakedownInboundMailConnection, { description: 'Takedown e-mails accepted by the SMTP listener, newest first: coordinators see every member’s, members their organisation’s' })
  async takedownInboundMails(@Ctx() ctx: RequestContext, @Args() args: TakedownInboundMailArgs) {
    return mapConnection(await this.email.page(ctx, args), TakedownInboundMail.from);
  }

  @Roles(Role.COORDINATOR)
  @Query(() => TakedownMailRefusals, { description: 'E-mails the takedown SMTP listener refused (nothing stored) over the last `days` days, per reason' })
  async takedownMailRefusals(@Ctx() ctx: RequestContext, @Args('days', { type: () => Int, defaultValue: 30 }) days: number): Promise<TakedownMailRefusals> {
    const { since, counts } = await this.email.refusals(ctx, days);
    return {
      since, unknownSender: counts.get('UNKNOWN_SENDER') ?? 0, spoofedSender: counts.get('SPOOFED_SENDER') ?? 0,
      notAuthenticated: counts.get('NOT_AUTHENTICATED') ?? 0, tooLarge: counts.get('TOO_LARGE') ?? 0,
    };
  }

  @ResolveField(() => [TakedownRequest], { description: 'The requests it filed (channel EMAIL; a PDF form’s too)' })
  async requests(@Parent() m: TakedownInboundMail, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownRequest[]> {
    return present(await loaders.get('takedownRequestById', (ids: readonly string[]) => this.takedowns.byIds(ctx, ids), null).loadMany(m.row.requestIds)).map((r) => TakedownRequest.from(r));
  }

  @ResolveField(() => [TakedownBulkImport], { description: 'The CSV attachments it handed to bulk filing (BULK_CSV), each with its rows’ results' })
  async bulkImports(@Parent() m: TakedownInboundMail, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<TakedownBulkImport[]> {
    return present(await loaders.get('takedownBulkById', (ids: readonly string[]) => this.bulk.byIds(ctx, ids), null).loadMany(m.row.bulkImportIds)).map(TakedownBulkImport.from);
  }

  @ResolveField(() => EvidenceFile, { nullable: true, description: 'The message as received (RFC 822, message/rfc822)' })
  async source(@Parent() m: TakedownInboundMail, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<EvidenceFile | null> {
    const file = await loaders.get('fileById', (ids: readonly string[]) => this.files.byIds(ctx, ids), null).load(m.row.sourceFileId);
    return file ? EvidenceFile.from(file) : null;
  }

  @ResolveField(() => Organisation, { nullable: true, description: 'The sender’s organisation' })
  async organisation(@Parent() m: TakedownInboundMail, @Ctx() ctx: RequestContext, @RequestLoaders() loaders: Loaders): Promise<Organisation | null> {
    const e = await loaders.get('organisationById', (ids: readonly string[]) => this.members.organisationsByIds(ctx, ids), null).load(m.row.organisationId);
    return e ? Organisation.from(e) : null;
  }
}
