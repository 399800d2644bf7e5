import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MailService } from './mail.service.js';
import { OutboxMessageEntity } from './outbox-message.entity.js';

@Global()
@Module({ imports: [TypeOrmModule.forFeature([OutboxMessageEntity])], providers: [MailService], exports: [MailService] })
export class MailModule {}
