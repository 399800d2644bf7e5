import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CategoryEvents } from './category-events.js';
import { IndustryCategoryEntity } from './industry-category.entity.js';
import { IndustryCategoryResolver } from './industry-category.resolver.js';
import { IndustryCategoryService } from './industry-category.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([IndustryCategoryEntity])],
  providers: [IndustryCategoryService, CategoryEvents, IndustryCategoryResolver],
  exports: [IndustryCategoryService, CategoryEvents],
})
export class CategoriesModule {}
