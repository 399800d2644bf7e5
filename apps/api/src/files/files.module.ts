import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '../identity/identity.module.js';
import { EvidenceFileEntity } from './evidence-file.entity.js';
import { FileStorageService } from './file-storage.service.js';
import { FilesController } from './files.controller.js';
import { FilesResolver } from './files.resolver.js';

@Module({
  imports: [TypeOrmModule.forFeature([EvidenceFileEntity]), IdentityModule],
  controllers: [FilesController],
  providers: [FileStorageService, FilesResolver],
  exports: [FileStorageService],
})
export class FilesModule {}
