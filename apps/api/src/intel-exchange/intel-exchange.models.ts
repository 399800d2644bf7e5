import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Node, toGlobalId } from '../common/node.js';
import { ConnectionType } from '../common/pagination.js';
import type { ImportJobEntity } from './import-job.entity.js';

export enum ExchangeFormat {
  STIX = 'STIX',
  CSV = 'CSV',
}
// the description still names this context's former folder (exchange/): the schema changes only where an issue asks it to
registerEnumType(ExchangeFormat, { name: 'ExchangeFormat', description: 'STIX 2.1 bundle JSON, or CSV with one row per indicator (apps/api/src/exchange/README.md)' });

@ObjectType('ImportProblem')
export class ImportProblem {
  @Field({ description: 'Line of a CSV file, or the STIX object' }) where: string;
  @Field() message: string;
}

@ObjectType('ImportSkipped')
export class ImportSkipped {
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
export class ImportJobConnection extends ConnectionType(ImportJob, 'ImportJob') {}

@ObjectType('IntelExport')
export class IntelExport {
  @Field() fileName: string;
  @Field() contentType: string;
  @Field({ description: 'The file itself' }) content: string;
  @Field(() => Int) reports: number;
}
