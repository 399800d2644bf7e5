import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OrganisationKind, Role } from '../../../../libs/domain/src/index.js';
import { AuditService } from '../audit/audit.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import type { RequestContext } from '../common/request-context.js';
import { FileStorageService } from '../files/file-storage.service.js';
import { MemberAccess } from '../members/member-access.js';
import { MemberService } from '../members/member.service.js';
import { BrandService } from './brand.service.js';
import { IpRightRepository, type AuthorisationRow, type IpRightRow, type IpRightValues } from './ip-right.repository.js';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * A brand's rights besides trademarks — copyrights, designs, patents — verified by coordinators
 * before a takedown may cite them, and the letters by which a rights holder authorises an agent
 * organisation (a law firm, a brand-protection vendor) to file for some of its brands until an
 * expiry (issue 16, outcome 1).
 */
@Injectable()
export class IpRightService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: IpRightRepository,
    private readonly brands: BrandService,
    private readonly access: MemberAccess,
    private readonly members: MemberService,
    private readonly files: FileStorageService,
    private readonly audit: AuditService,
  ) {}

  /** Rights of brands the caller may see. */
  async byIds(ctx: RequestContext, ids: readonly string[]): Promise<Map<string, IpRightRow>> {
    if (!ids.length) return new Map();
    const rows = await this.repository.byIds(ctx.allianceId, ids);
    const visible = await this.brands.brandsByIds(ctx, [...new Set(rows.map((r) => r.brandId))]);
    return new Map(rows.filter((r) => visible.has(r.brandId)).map((r) => [r.id, r]));
  }

  async byBrandIds(ctx: RequestContext, brandIds: readonly string[]): Promise<Map<string, IpRightRow[]>> {
    const map = new Map<string, IpRightRow[]>(brandIds.map((id) => [id, []]));
    if (!brandIds.length) return map;
    for (const r of await this.repository.byBrandIds(ctx.allianceId, brandIds)) map.get(r.brandId)?.push(r);
    return map;
  }

  async add(ctx: RequestContext, brandId: string, values: IpRightValues): Promise<IpRightRow> {
    const brand = await this.brands.requireBrand(ctx, brandId);
    if (!this.access.canManageOrganisation(ctx, brand.organisationId)) throw forbidden('Only the organisation’s admins and the coordinators may change its rights');
    if (values.registeredOn && values.expiresOn && values.expiresOn <= values.registeredOn) throw badInput('expiresOn', 'expiresOn must be after registeredOn');
    if (values.certificateFileId && !(await this.files.byIds(ctx, [values.certificateFileId])).has(values.certificateFileId)) {
      throw badInput('certificateFileId', 'Unknown file: upload it first');
    }
    return this.dataSource.transaction(async (em) => {
      if (await this.repository.registrationTaken(em, ctx.allianceId, values)) throw conflict(`${values.office} ${values.kind.toLowerCase()} ${values.number} is already on file in this alliance`, undefined, 'number');
      const row = await this.repository.insert(em, ctx.allianceId, brand.id, values);
      await this.audit.record(em, ctx, { action: 'ip_right.added', targetType: 'IpRight', targetId: row.id, after: row });
      return row;
    });
  }

  async review(ctx: RequestContext, id: string, decision: 'VERIFIED' | 'REJECTED', note: string | null): Promise<IpRightRow> {
    if (decision === 'REJECTED' && !note?.trim()) throw badInput('note', 'Say why the right is rejected');
    const before = (await this.byIds(ctx, [id])).get(id);
    if (!before) throw notFound('IP right', 'id');
    return this.dataSource.transaction(async (em) => {
      const row = await this.repository.review(em, ctx.allianceId, id, decision, note?.trim() || null, ctx.actorId);
      if (!row) throw conflict(`The right was already decided: ${before.verificationStatus}`, { status: before.verificationStatus }, 'id');
      await this.audit.record(em, ctx, { action: `ip_right.${decision.toLowerCase()}`, targetType: 'IpRight', targetId: id, before: { verificationStatus: before.verificationStatus }, after: { verificationStatus: decision } });
      return row;
    });
  }

  // ---- agents ---------------------------------------------------------------------------------

  /** A member's admin authorises an agent organisation for some of the member's brands until an expiry, with the signed letter. */
  async authorise(ctx: RequestContext, input: { agentOrganisationId: string; brandIds: string[]; expiresOn: string; letterFileId: string }): Promise<AuthorisationRow> {
    if (ctx.role !== Role.MEMBER_ADMIN || !ctx.organisationId) throw forbidden('A member organisation’s admins authorise agents for its brands');
    const principal = ctx.organisationId;
    if (input.agentOrganisationId === principal) throw badInput('agentOrganisationId', 'An organisation does not authorise itself');
    const agent = (await this.members.organisationsByIds(ctx, [input.agentOrganisationId])).get(input.agentOrganisationId);
    if (!agent) throw notFound('Organisation', 'agentOrganisationId');
    if (agent.kind !== OrganisationKind.AUTHORISED_AGENT) throw badInput('agentOrganisationId', `${agent.name} is not an agent organisation`);
    const brands = await this.brands.brandsByIds(ctx, input.brandIds);
    input.brandIds.forEach((id, i) => {
      if (brands.get(id)?.organisationId !== principal) throw notFound('Brand of your organisation', `brandIds.${i}`);
    });
    if (input.expiresOn <= today()) throw badInput('expiresOn', 'An authorisation expires in the future');
    if (!(await this.files.byIds(ctx, [input.letterFileId])).has(input.letterFileId)) throw badInput('letterFileId', 'Unknown file: upload the signed letter first');
    return this.dataSource.transaction(async (em) => {
      const id = await this.repository.insertAuthorisation(em, ctx.allianceId, { principalOrganisationId: principal, ...input, brandIds: [...new Set(input.brandIds)] }, ctx.actorId);
      const [row] = await this.repository.authorisationsWhere(ctx.allianceId, { ids: [id] }, em);
      await this.audit.record(em, ctx, { action: 'agent_authorisation.granted', targetType: 'AgentAuthorisation', targetId: id, after: row });
      return row;
    });
  }

  async revoke(ctx: RequestContext, id: string): Promise<AuthorisationRow> {
    const [row] = await this.repository.authorisationsWhere(ctx.allianceId, { ids: [id] });
    if (!row || !this.seesAuthorisation(ctx, row)) throw notFound('Authorisation', 'id');
    if (!this.access.canManageOrganisation(ctx, row.principalOrganisationId)) throw forbidden('The rights holder’s admins (or the coordinators) revoke an authorisation');
    return this.dataSource.transaction(async (em) => {
      if (!(await this.repository.revoke(em, ctx.allianceId, id))) throw conflict('The authorisation was already revoked', undefined, 'id');
      await this.audit.record(em, ctx, { action: 'agent_authorisation.revoked', targetType: 'AgentAuthorisation', targetId: id });
      return (await this.repository.authorisationsWhere(ctx.allianceId, { ids: [id] }, em))[0];
    });
  }

  /** The principal's and the agent's people see their authorisations; coordinators all of them. */
  async authorisations(ctx: RequestContext): Promise<AuthorisationRow[]> {
    if (ctx.isCoordinator) return this.repository.authorisationsWhere(ctx.allianceId, {});
    if (!ctx.organisationId || (ctx.role !== Role.MEMBER_ADMIN && ctx.role !== Role.MEMBER_ANALYST)) return [];
    return this.repository.authorisationsWhere(ctx.allianceId, { organisationId: ctx.organisationId });
  }

  /** Whether the caller's organisation may file for this brand as an agent today. */
  mayFileAsAgent(ctx: RequestContext, brandId: string): Promise<boolean> {
    return ctx.organisationId ? this.repository.authorises(ctx.allianceId, ctx.organisationId, brandId) : Promise.resolve(false);
  }

  private seesAuthorisation(ctx: RequestContext, row: AuthorisationRow): boolean {
    return ctx.isCoordinator || ctx.organisationId === row.principalOrganisationId || ctx.organisationId === row.agentOrganisationId;
  }
}
