import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsBase64Content } from '../../common/validation.js';
import { ExchangeFormat } from '../intel-exchange.models.js';

@InputType()
export class StartImportInput {
  @Field(() => ExchangeFormat) @IsEnum(ExchangeFormat) format: ExchangeFormat;
  @Field() @IsString() @MinLength(1) @MaxLength(255) @Matches(/^[^/\\]+$/, { message: 'fileName must be a plain file name' }) fileName: string;
  @Field({ description: 'The file, base64-encoded (larger files: POST /imports)' }) @IsString() @MinLength(1) @IsBase64Content() contentBase64: string;
}

@InputType()
export class ExportIntelInput {
  @Field(() => ExchangeFormat) @IsEnum(ExchangeFormat) format: ExchangeFormat;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsArray() @ArrayMaxSize(5000) @IsString({ each: true }) reportIds?: string[];
  @Field(() => ID, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) networkId?: string;
}
