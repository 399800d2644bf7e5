import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { NotificationEntity } from './notification.entity.js';
import { NotificationRepository } from './notification.repository.js';
import { NotificationService } from './notification.service.js';
import { NotificationsResolver } from './notifications.resolver.js';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([NotificationEntity])], providers: [NotificationService, NotificationRepository, NotificationsResolver], exports: [NotificationService] })
export class NotificationsModule {}
