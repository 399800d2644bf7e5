import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { uuidOf } from '../common/node.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { JobsArgs, RetryJobArgs } from './dto/jobs.args.js';
import { Job, JobConnection } from './job.model.js';
import { JobsService } from './jobs.service.js';

@Resolver(() => Job)
export class JobsResolver {
  constructor(private readonly service: JobsService) {}

  @Roles(Role.COORDINATOR)
  @Query(() => JobConnection, { description: 'The alliance’s background jobs (imports, e-mail, …), newest first; DEAD ones can be retried' })
  jobs(@Ctx() ctx: RequestContext, @Args() { first, after, queue, state }: JobsArgs) {
    return this.service.list(ctx, { queue, state }, first, after);
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Job, { description: 'Runs a DEAD job again, with one more attempt allowed' })
  retryJob(@Ctx() ctx: RequestContext, @Args() { id }: RetryJobArgs) {
    return this.service.retryDead(ctx, uuidOf(id, Job.typename));
  }
}
