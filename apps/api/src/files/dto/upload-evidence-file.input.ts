import { Field, InputType } from '@nestjs/graphql';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { IsBase64Content } from '../../common/validation.js';
import { ALLOWED_CONTENT_TYPES } from '../file-storage.service.js';

@InputType()
export class UploadEvidenceFileInput {
  @Field() @IsString() @MinLength(1) @MaxLength(255) @Matches(/^[^/\\\u0000-\u001f]+$/, { message: 'fileName must be a plain file name' })
  fileName: string;

  @Field({ description: `One of: ${ALLOWED_CONTENT_TYPES.join(', ')}` }) @IsIn(ALLOWED_CONTENT_TYPES, { message: `contentType must be one of ${ALLOWED_CONTENT_TYPES.join(', ')}` })
  contentType: string;

  @Field({ description: 'The file’s bytes, base64-encoded' }) @IsString() @MinLength(1) @IsBase64Content()
  contentBase64: string;
}
