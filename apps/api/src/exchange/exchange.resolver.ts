import { Args, Field, Float, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsBase64Content } from '../common/validation.js';
import { Node, toGlobalId, uuidOf } from '../common/node.js';
import { NodeRegistry } from '../common/node-registry.js';
import { Scopes } from '../common/auth.decorators.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { type Connection, ConnectionArgs, ConnectionType, mapConnection } from '../common/pagination.js';
import { CounterfeiterNetwork } from '../intel/correlation/network.models.js';
import { IntelReport } from '../intel/reports/intel-report.models.js';
import { ExportService } from './export.service.js';
import type { ImportJobEntity } from './import-job.entity.js';
import { ImportService } from './import.service.js';

enum ExchangeFormat {
  STIX = 'STIX',
  CSV = 'CSV',
}
registerEnumType(ExchangeFormat, { name: 'ExchangeFormat', description: 'STIX 2.1 bundle JSON, or CSV with one row per indicator (apps/api/src/exchange/README.md)' });

@ObjectType('ImportProblem')
class ImportProblem {
  @Field({ description: 'Line of a CSV file, or the STIX object' }) where: string;
  @Field() message: string;
}

@ObjectType('ImportSkipped')
class ImportSkipped {
  @Field() id: string;
  @Field() type: string;
  @Field() reason: string;
}

@ObjectType('ImportJob', { implements: () => [Node], description: 'A background import: checks the whole file, then writes it, resuming after a restart' })
export class ImportJob implements Node {
  static readonly typename = 'ImportJob';
  @Field(() => ID) id: string;
  @Field(() => ExchangeFormat) format: ExchangeFormat;
  @Field() fileName: string;
  @Field(() => Float) sizeBytes: number;
  @Field({ description: 'QUEUED, RUNNING, COMPLETED or FAILED (with errors; nothing written)' }) status: string;
  @Field(() => String, { nullable: true, description: 'VALIDATE or APPLY while running' }) phase: string | null;
  @Field(() => Int, { description: 'Reports read while checking' }) reportsRead: number;
  @Field(() => Int, { nullable: true }) reportsTotal: number | null;
  @Field(() => Int) reportsDone: number;
  @Field(() => Int) reportsCreated: number;
  @Field(() => Int, { description: 'Reports of this source already in Countermark: not added again' }) reportsAlreadyImported: number;
  @Field(() => Int) indicatorsCreated: number;
  @Field(() => Float, { description: '0–1: checking is the first half, writing the second; 1 once finished (COMPLETED or FAILED)' }) progress: number;
  @Field(() => Int) errorCount: number;
  @Field(() => [ImportProblem], { description: 'The first 1,000' }) errors: ImportProblem[];
  @Field(() => [ImportSkipped], { description: 'STIX objects read but not imported' }) skipped: ImportSkipped[];
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) finishedAt: Date | null;

  static from(e: ImportJobEntity): ImportJob {
    const progress = e.status === 'COMPLETED' || e.status === 'FAILED' ? 1 : e.phase === 'APPLY' && e.reportsTotal ? 0.5 + (0.5 * e.reportsDone) / e.reportsTotal : 0;
    return Object.assign(new ImportJob(), {
      id: toGlobalId(ImportJob.typename, e.id),
      format: e.format as ExchangeFormat,
      fileName: e.fileName,
      sizeBytes: e.sizeBytes,
      status: e.status,
      phase: e.phase,
      reportsRead: e.rowsRead,
      reportsTotal: e.reportsTotal,
      reportsDone: e.reportsDone,
      reportsCreated: e.reportsCreated,
      reportsAlreadyImported: e.reportsAlreadyImported,
      indicatorsCreated: e.indicatorsCreated,
      progress: Math.round(progress * 1000) / 1000,
      errorCount: e.errorCount,
      errors: e.errors,
      skipped: e.skipped,
      createdAt: e.createdAt,
      finishedAt: e.finishedAt,
    });
  }
}

@ObjectType()
class ImportJobConnection extends ConnectionType(ImportJob, 'ImportJob') {}

@ObjectType('IntelExport')
class IntelExport {
  @Field() fileName: string;
  @Field() contentType: string;
  @Field({ description: 'The file itself' }) content: string;
  @Field(() => Int) reports: number;
}

@InputType()
class StartImportInput {
  @Field(() => ExchangeFormat) @IsEnum(ExchangeFormat) format: ExchangeFormat;
  @Field() @IsString() @MinLength(1) @MaxLength(255) @Matches(/^[^/\\]+$/, { message: 'fileName must be a plain file name' }) fileName: string;
  @Field({ description: 'The file, base64-encoded (larger files: POST /imports)' }) @IsString() @MinLength(1) @IsBase64Content() contentBase64: string;
}

@InputType()
class ExportIntelInput {
  @Field(() => ExchangeFormat) @IsEnum(ExchangeFormat) format: ExchangeFormat;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsString({ each: true }) reportIds?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) networkId?: string;
}

@Resolver(() => ImportJob)
export class ExchangeResolver {
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
