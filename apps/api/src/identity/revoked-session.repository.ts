import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** Every SQL statement on revoked_session (ended sessions, kept until they would have expired). */
@Injectable()
export class RevokedSessionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async revoke(em: EntityManager, session: { sessionId: string; allianceId: string; userId: string }, ttlHours: number): Promise<void> {
    await em.query(
      `INSERT INTO revoked_session (session_id, alliance_id, user_id, expires_at) VALUES ($1, $2, $3, now() + make_interval(hours => $4)) ON CONFLICT (alliance_id, session_id) DO NOTHING`,
      [session.sessionId, session.allianceId, session.userId, ttlHours],
    );
  }

  /** Forgets the ones that have expired; answers how many. */
  async purgeExpired(): Promise<number> {
    const [, count] = await this.dataSource.query(`DELETE FROM revoked_session WHERE expires_at < now()`);
    return count ?? 0;
  }

  /** SQL: the session in parameter `:sid` was ended (for the user query of authentication, one round trip). */
  static revokedCondition(): string {
    return 'EXISTS (SELECT 1 FROM revoked_session rs WHERE rs.session_id = :sid)';
  }
}
