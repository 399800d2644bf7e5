import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';
import { OutboxMessageRepository } from './outbox-message.repository.js';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([OutboxMessageEntity])], providers: [MailService, OutboxMessageRepository], exports: [MailService] })
export class MailModule {}
