import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationKind, PartnerKind } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, notFound } from '../common/errors.js';
import { groupBy } from '../common/loaders.js';
import { NodeRegistry } from '../common/node-registry.js';
import type { RequestContext } from '../common/request-context.js';
import { decodeCursor, encodeCursor, pageSize, toConnection, type Connection } from '../common/pagination.js';
import type { ApiKeyEntity } from '../identity/api-key.entity.js';
import { ApiKeyRepository } from '../identity/api-key.repository.js';
import { AuthService } from '../identity/auth.service.js';
import { MemberAccess } from '../members/member-access.js';
import { OrganisationRepository } from '../members/organisation.repository.js';
import { partnerOrganisationCondition } from './partner-access.js';
import { ApiKey, Partnership } from './partner.models.js';
import type { PartnershipEntity } from './partnership.entity.js';
import { PartnershipRepository } from './partnership.repository.js';

const ORGANISATION_KIND: Record<PartnerKind, OrganisationKind> = {
  [PartnerKind.LAW_ENFORCEMENT]: OrganisationKind.LAW_ENFORCEMENT,
  [PartnerKind.GOVERNMENT_AGENCY]: OrganisationKind.GOVERNMENT_AGENCY,
  [PartnerKind.TRADE_ASSOCIATION]: OrganisationKind.TRADE_ASSOCIATION,
  [PartnerKind.ACADEMIA]: OrganisationKind.ACADEMIA,
  [PartnerKind.MARKETPLACE]: OrganisationKind.MARKETPLACE,
};

/** Partners (law enforcement, agencies, associations, academia, marketplaces) and their API keys. */
@Injectable()
export class PartnerService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly nodes: NodeRegistry,
    private readonly partnerships: PartnershipRepository,
    private readonly organisations: OrganisationRepository,
    private readonly memberAccess: MemberAccess,
    private readonly apiKeys: ApiKeyRepository,
    private readonly auth: AuthService,
  ) {}

  onModuleInit() {
    // partner organisations are visible beside members
    this.memberAccess.showAlso(partnerOrganisationCondition);
    // a partner's people and keys act with their partnership's scopes
    this.auth.partnerScopesFrom((allianceId, organisationId) => this.partnerships.activeScopes(allianceId, organisationId));
    this.nodes.register(Partnership.typename, async (ctx, uuids) => {
      const rows = await this.visible(ctx, uuids);
      return new Map(rows.map((r) => [r.id, Partnership.from(r)]));
    });
    this.nodes.register(ApiKey.typename, async (ctx, uuids) => {
      if (!ctx.isCoordinator) return new Map();
      const rows = await this.apiKeys.byIds(ctx.allianceId, uuids);
      return new Map(rows.map((r) => [r.id, ApiKey.from(r)]));
    });
  }

  /** Coordinators see every partnership; a partner sees its own; members see active ones. */
  async visible(ctx: RequestContext, ids?: readonly string[]): Promise<PartnershipEntity[]> {
    return this.partnerships.visible(ctx, ids);
  }

  /** The partnerships the caller may see, oldest first, a page at a time. */
  async list(ctx: RequestContext, first?: number, after?: string): Promise<Connection<PartnershipEntity>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after, 2);
    const { totalCount, rows } = await this.partnerships.page(ctx, cursor ? cursor[1] : undefined, size + 1);
    return toConnection(rows, size, totalCount, (r) => encodeCursor([r.createdAt.toISOString(), r.id]), (r) => r);
  }

  async create(ctx: RequestContext, input: { name: string; kind: PartnerKind; country?: string; scopes: string[] }): Promise<PartnershipEntity> {
    return this.dataSource.transaction(async (em) => {
      const org = await this.organisations.create(em, {
        allianceId: ctx.allianceId, name: input.name.trim(), kind: ORGANISATION_KIND[input.kind], country: input.country?.toUpperCase() ?? null,
      });
      const partnership = await this.partnerships.insert(em, {
        allianceId: ctx.allianceId, organisationId: org.id, kind: input.kind, scopes: input.scopes, status: 'ACTIVE',
      });
      await this.audit.record(em, ctx, { action: 'partnership.created', targetType: 'Partnership', targetId: partnership.id, after: { organisation: org, partnership } });
      return partnership;
    });
  }

  /** Narrowing a partnership's scopes narrows its keys too: a key never exceeds its partnership. */
  async updateScopes(ctx: RequestContext, partnershipId: string, scopes: string[]): Promise<PartnershipEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.partnerships.findForUpdate(em, ctx.allianceId, partnershipId);
      if (!before) throw notFound('Partnership', 'partnershipId');
      if (before.status === 'ENDED') throw conflict('The partnership has ended; its scopes no longer change', { currentStatus: before.status }, 'partnershipId');
      await this.partnerships.update(em, partnershipId, { scopes });
      const after = { ...before, scopes };
      await this.audit.record(em, ctx, { action: 'partnership.scopes_set', targetType: 'Partnership', targetId: partnershipId, before, after });
      return after;
    });
  }

  /** Ending a partnership revokes its keys. */
  async end(ctx: RequestContext, partnershipId: string): Promise<PartnershipEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.partnerships.findForUpdate(em, ctx.allianceId, partnershipId);
      if (!before) throw notFound('Partnership', 'partnershipId');
      if (before.status === 'ENDED') throw conflict('The partnership has ended already', { currentStatus: before.status }, 'partnershipId');
      const endedAt = new Date();
      await this.partnerships.update(em, partnershipId, { status: 'ENDED', endedAt });
      const revoked = await this.apiKeys.revokeAllOf(em, ctx.allianceId, before.organisationId);
      for (const key of revoked) {
        await this.audit.record(em, ctx, { action: 'api_key.revoked', targetType: 'ApiKey', targetId: key.id, after: { ...key, reason: 'partnership ended' } });
      }
      const after = { ...before, status: 'ENDED' as const, endedAt };
      await this.audit.record(em, ctx, { action: 'partnership.ended', targetType: 'Partnership', targetId: partnershipId, before, after });
      return after;
    });
  }

  async createApiKey(ctx: RequestContext, partnershipId: string, name: string, scopes: string[]): Promise<{ key: ApiKeyEntity; secret: string }> {
    return this.dataSource.transaction(async (em) => {
      const partnership = await this.partnerships.find(em, ctx.allianceId, partnershipId);
      if (!partnership) throw notFound('Partnership', 'partnershipId');
      if (partnership.status !== 'ACTIVE') throw conflict('The partnership has ended', { currentStatus: partnership.status }, 'partnershipId');
      const beyond = scopes.filter((s) => !partnership.scopes.includes(s));
      if (beyond.length) throw badInput('scopes', `The partnership does not grant ${beyond.join(', ')}`);
      const { token, prefix, secretHash } = AuthService.newApiKey();
      const saved = await this.apiKeys.insert(em, {
        allianceId: ctx.allianceId, organisationId: partnership.organisationId, name: name.trim(), prefix, secretHash, scopes, createdBy: ctx.actorId,
      });
      await this.audit.record(em, ctx, { action: 'api_key.created', targetType: 'ApiKey', targetId: saved.id, after: saved });
      return { key: saved, secret: token };
    });
  }

  async revokeApiKey(ctx: RequestContext, apiKeyId: string): Promise<ApiKeyEntity> {
    return this.dataSource.transaction(async (em) => {
      const before = await this.apiKeys.find(em, ctx.allianceId, apiKeyId);
      if (!before) throw notFound('API key', 'apiKeyId');
      if (before.revokedAt) throw conflict('The key is revoked already', undefined, 'apiKeyId');
      const after = await this.apiKeys.revoke(em, apiKeyId);
      await this.audit.record(em, ctx, { action: 'api_key.revoked', targetType: 'ApiKey', targetId: apiKeyId, before, after });
      return after;
    });
  }

  async apiKeysByOrganisationIds(ctx: RequestContext, orgIds: readonly string[]): Promise<Map<string, ApiKeyEntity[]>> {
    if (!ctx.isCoordinator || orgIds.length === 0) return new Map();
    const rows = await this.apiKeys.byOrganisationIds(ctx.allianceId, orgIds);
    return groupBy(rows, (r) => r.organisationId);
  }
}
