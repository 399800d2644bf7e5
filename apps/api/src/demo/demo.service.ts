import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Role } from '../../../../libs/domain/src/index.js';
import { AllianceService } from '../alliances/alliance.service.js';
import { UserEntity } from '../identity/user.entity.js';
import { hashPassword } from '../identity/password.js';

export const DEMO_PASSWORD = 'countermark-demo';
export const DEMO_SLUG = 'demo';

/** Loads the demo alliance into an empty database. */
@Injectable()
export class DemoService {
  private readonly logger = new Logger('Demo');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly alliances: AllianceService,
  ) {}

  async loadIfEmpty(): Promise<boolean> {
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM alliance`);
    if (count > 0) return false;
    await this.load();
    return true;
  }

  async load(): Promise<void> {
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    await this.dataSource.transaction(async (em) => {
      const alliance = await this.alliances.create(em, { slug: DEMO_SLUG, name: 'Demo Anti-Counterfeiting Alliance', homeCountry: 'CN' });
      const users = [
        { email: 'coordinator@demo.countermark.test', displayName: 'Casey Coordinator', role: Role.COORDINATOR },
      ];
      for (const u of users) {
        await em.getRepository(UserEntity).insert({ ...u, allianceId: alliance.id, organisationId: null, passwordHash, status: 'ACTIVE' });
      }
    });
    this.logger.log(`Demo alliance "${DEMO_SLUG}" loaded; password for every demo user: ${DEMO_PASSWORD}`);
  }
}
