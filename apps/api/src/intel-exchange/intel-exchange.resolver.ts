import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { uuidOf } from '../common/node.js';
import { NodeRegistry } from '../common/node-registry.js';
import { Scopes } from '../common/auth.decorators.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { type Connection, ConnectionArgs, mapConnection } from '../common/pagination.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import { IntelReport } from '../intel/reports/intel-report.models.js';
import { ExportIntelInput, StartImportInput } from './dto/intel-exchange.inputs.js';
import { ExportService } from './export.service.js';
import { ImportService } from './import.service.js';
import { ImportJob, ImportJobConnection, IntelExport } from './intel-exchange.models.js';

@Resolver(() => ImportJob)
export class IntelExchangeResolver {
  constructor(
    private readonly imports: ImportService,
    private readonly exports: ExportService,
    nodes: NodeRegistry,
  ) {
    nodes.registerBatch(ImportJob.typename, (ctx, uuids) => this.imports.byIds(ctx, uuids), ImportJob.from);
  }

  @Mutation(() => ImportJob, { description: 'Queues an import of a STIX 2.1 bundle or a CSV file; follow it with `node(id)` or `importJobs`' })
  async startImport(@Ctx() ctx: RequestContext, @Args('input') input: StartImportInput): Promise<ImportJob> {
    return ImportJob.from(await this.imports.start(ctx, input.format, input.fileName, Buffer.from(input.contentBase64, 'base64')));
  }

  @Query(() => ImportJobConnection, { description: 'Your organisation’s imports (coordinators: all), newest first' })
  async importJobs(@Ctx() ctx: RequestContext, @Args() args: ConnectionArgs): Promise<Connection<ImportJob>> {
    const page = await this.imports.list(ctx, args.first, args.after);
    return mapConnection(page, ImportJob.from);
  }

  @Scopes('intel:read')
  @Query(() => IntelExport, { description: 'The reports you may see (all of them, a network’s, or chosen ones; at most 5,000) as STIX 2.1 or CSV' })
  async exportIntel(@Ctx() ctx: RequestContext, @Args('input') input: ExportIntelInput): Promise<IntelExport> {
    return this.exports.export(ctx, input.format, {
      reportUuids: input.reportIds?.map((id, i) => uuidOf(id, IntelReport.typename, `reportIds.${i}`)),
      networkUuid: input.networkId ? uuidOf(input.networkId, CounterfeiterNetwork.typename, 'networkId') : undefined,
    });
  }
}
