import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './notification.entity.js';
import { NotificationService } from './notification.service.js';
import { NotificationsResolver } from './notifications.resolver.js';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([NotificationEntity])], providers: [NotificationService, NotificationsResolver], exports: [NotificationService] })
export class NotificationsModule {}
