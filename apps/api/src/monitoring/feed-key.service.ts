import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MEMBER_KEY_SCOPES, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { conflict, forbidden, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import type { ApiKeyEntity } from '../identity/api-key.entity.js';
import { ApiKeyRepository } from '../identity/api-key.repository.js';
import { AuthService } from '../identity/auth.service.js';

/**
 * Members' feed keys: the API keys of a member organisation's crawlers. A member admin issues and
 * revokes them; a key holds `listings:write` only (MEMBER_KEY_SCOPES) and works while the
 * membership is active (AuthService reads the status at each request). Coordinators revoke any key
 * with `revokeApiKey`.
 */
@Injectable()
export class FeedKeyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditService,
  ) {}

  list(ctx: RequestContext): Promise<ApiKeyEntity[]> {
    const organisationId = this.ownOrganisation(ctx);
    return this.apiKeys.byOrganisationIds(ctx.allianceId, [organisationId]);
  }

  async create(ctx: RequestContext, name: string): Promise<{ key: ApiKeyEntity; secret: string }> {
    const organisationId = this.ownOrganisation(ctx);
    if (ctx.activeMember !== true) throw forbidden('Your organisation is not an active member of the alliance');
    const { token, prefix, secretHash } = AuthService.newApiKey();
    return this.dataSource.transaction(async (em) => {
      const key = await this.apiKeys.insert(em, { allianceId: ctx.allianceId, organisationId, name: name.trim(), prefix, secretHash, scopes: [...MEMBER_KEY_SCOPES], createdBy: ctx.actorId });
      await this.audit.record(em, ctx, { action: 'api_key.created', targetType: 'ApiKey', targetId: key.id, after: key });
      return { key, secret: token };
    });
  }

  async revoke(ctx: RequestContext, apiKeyId: string): Promise<ApiKeyEntity> {
    const organisationId = this.ownOrganisation(ctx);
    return this.dataSource.transaction(async (em) => {
      const before = await this.apiKeys.find(em, ctx.allianceId, apiKeyId);
      if (!before || before.organisationId !== organisationId) throw notFound('API key', 'apiKeyId');
      if (before.revokedAt) throw conflict('The key is revoked already', undefined, 'apiKeyId');
      const after = await this.apiKeys.revoke(em, apiKeyId);
      await this.audit.record(em, ctx, { action: 'api_key.revoked', targetType: 'ApiKey', targetId: apiKeyId, before, after });
      return after;
    });
  }

  private ownOrganisation(ctx: RequestContext): string {
    if (ctx.role !== Role.MEMBER_ADMIN || ctx.actorKind !== 'USER' || !ctx.organisationId) throw forbidden('A member organisation’s admin keeps its feed keys');
    return ctx.organisationId;
  }
}
