import { Global, Module, type OnModuleInit } from '@nestjs/common';
import { NodeRegistry } from '../common/node-registry.js';
import { Job } from './job.model.js';
import { JobsRepository } from './jobs.repository.js';
import { JobsResolver } from './jobs.resolver.js';
import { JobsService } from './jobs.service.js';

/** Background work on pg-boss; global, so any context can register a queue and send jobs. */
@Global()
@Module({ providers: [JobsService, JobsRepository, JobsResolver], exports: [JobsService] })
export class JobsModule implements OnModuleInit {
  constructor(
    private readonly jobs: JobsService,
    private readonly nodes: NodeRegistry,
  ) {}

  onModuleInit() {
    this.nodes.register(Job.typename, (ctx, uuids) => this.jobs.byIds(ctx, uuids));
  }
}
