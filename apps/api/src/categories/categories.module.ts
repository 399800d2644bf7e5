import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoryEvents } from './category-events.js';
import { IndustryCategoryEntity } from './industry-category.entity.js';
import { IndustryCategoryRepository } from './industry-category.repository.js';
import { IndustryCategoryResolver } from './industry-category.resolver.js';
import { IndustryCategoryService } from './industry-category.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([IndustryCategoryEntity])],
  providers: [IndustryCategoryService, IndustryCategoryRepository, CategoryEvents, IndustryCategoryResolver],
  exports: [IndustryCategoryService, IndustryCategoryRepository, CategoryEvents],
})
export class CategoriesModule {}
