import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Role } from '../../../../libs/domain/src/index.js';
import { Roles } from '../common/auth.decorators.js';
import { Ctx, RequestContext } from '../common/request-context.js';
import { Alliance } from './alliance.model.js';
import { AllianceService } from './alliance.service.js';
import { UpdateAllianceSettingsInput } from './dto/update-alliance-settings.input.js';

@Resolver(() => Alliance)
export class AllianceResolver {
  constructor(private readonly alliances: AllianceService) {}

  @Query(() => Alliance, { description: "The caller's alliance" })
  async alliance(@Ctx() ctx: RequestContext): Promise<Alliance> {
    return Alliance.from(await this.alliances.get(ctx));
  }

  @Roles(Role.COORDINATOR)
  @Mutation(() => Alliance)
  async updateAllianceSettings(@Ctx() ctx: RequestContext, @Args('input') input: UpdateAllianceSettingsInput): Promise<Alliance> {
    return Alliance.from(await this.alliances.updateSettings(ctx, input));
  }
}
