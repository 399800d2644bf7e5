import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context.js';
import { Organisation } from '../members/member.models.js';
import { MemberService } from '../members/member.service.js';
import { Viewer } from './user.model.js';

@Resolver(() => Viewer)
export class ViewerOrganisationResolver {
  constructor(private readonly memberService: MemberService) {}

  @ResolveField(() => Organisation, { nullable: true, description: 'The caller’s own organisation (null for coordinators of the alliance office)' })
  async organisation(@Parent() v: Viewer, @Ctx() ctx: RequestContext): Promise<Organisation | null> {
    if (!v.organisationUuid) return null;
    const e = (await this.memberService.organisationsByIds(ctx, [v.organisationUuid])).get(v.organisationUuid);
    return e ? Organisation.from(e) : null;
  }
}
