import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { IdentityModule } from '../identity/identity.module.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { CustodyChainRepository } from './custody-chain.repository.js';
import { CustodyChainService } from './custody-chain.service.js';
import { CustodyResolver } from './custody.resolver.js';
import { EvidenceFileRepository } from './evidence-file.repository.js';
import { FileStorageService } from './file-storage.service.js';
import { FilesController } from './files.controller.js';
import { FilesResolver } from './files.resolver.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([EvidenceFileEntity]),
    IdentityModule,
    // POST /files: one file, kept in memory (it is at most MAX_FILE_BYTES), names read as UTF-8
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.MAX_FILE_BYTES, files: 1, fields: 10, parts: 11 }, defParamCharset: 'utf8' }),
    }),
  ],
  controllers: [FilesController],
  providers: [FileStorageService, EvidenceFileRepository, FilesResolver, CustodyChainRepository, CustodyChainService, CustodyResolver],
  exports: [FileStorageService, EvidenceFileRepository, CustodyChainService],
})
export class FilesModule {}
