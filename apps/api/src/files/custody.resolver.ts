import { Query, Resolver } from '@nestjs/graphql';
import { Ctx, RequestContext } from '../common/request-context.js';
import { CustodyChainService } from './custody-chain.service.js';

@Resolver()
export class CustodyResolver {
  constructor(private readonly custody: CustodyChainService) {}

  @Query(() => String, {
    nullable: true,
    description: 'The alliance’s Ed25519 public key (raw 32 bytes, base64) that signs its chain of custody, to check an evidence pack’s key against; null before the first custody event',
  })
  custodyPublicKey(@Ctx() ctx: RequestContext): Promise<string | null> {
    return this.custody.publicKey(ctx.allianceId);
  }
}
