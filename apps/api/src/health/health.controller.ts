import { Controller, Get, HttpCode } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Public } from '../common/auth.decorators.js';

@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @HttpCode(200)
  async health(): Promise<{ status: 'ok' | 'degraded'; database: { reachable: boolean } }> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', database: { reachable: true } };
    } catch {
      return { status: 'degraded', database: { reachable: false } };
    }
  }
}
