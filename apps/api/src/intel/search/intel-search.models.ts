import { Field, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '../../common/pagination.js';
import { Indicator, IntelReport } from '../reports/intel-report.models.js';

@ObjectType('IntelSearchHit')
export class IntelSearchHit {
  @Field(() => IntelReport) report: IntelReport;
  @Field(() => [Indicator], { description: 'Indicators of the report that matched' }) matchedIndicators: Indicator[];
  @Field({ description: 'Whether the title matched' }) titleMatched: boolean;
  @Field({ description: 'Similarity, 0–1' }) score: number;
}

@ObjectType()
export class IntelSearchConnection extends ConnectionType(IntelSearchHit, 'IntelSearchHit') {}
