import { Field, Float, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { Node, toGlobalId } from '../common/node.js';
import type { EvidenceFileEntity } from './evidence-file.entity.js';

@ObjectType('EvidenceFile', { implements: () => [Node], description: 'An uploaded document; download it with GET /files/{id} and the same credentials' })
export class EvidenceFile implements Node {
  static readonly typename = 'EvidenceFile';
  @Field(() => ID) id: string;
  @Field() fileName: string;
  @Field() contentType: string;
  @Field(() => Float) sizeBytes: number;
  @Field({ description: 'Hex SHA-256 of the content' }) sha256: string;
  @Field(() => GraphQLISODateTime) createdAt: Date;
  @Field({ description: 'Path to download it from, relative to the API' }) downloadPath: string;
  uuid: string;

  static from(e: EvidenceFileEntity): EvidenceFile {
    const id = toGlobalId(EvidenceFile.typename, e.id);
    return Object.assign(new EvidenceFile(), {
      id,
      uuid: e.id,
      fileName: e.fileName,
      contentType: e.contentType,
      sizeBytes: e.sizeBytes,
      sha256: e.sha256,
      createdAt: e.createdAt,
      downloadPath: `/files/${id}`,
    });
  }
}
