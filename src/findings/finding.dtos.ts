import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { CASE_COUNT_MAX, DESCRIPTION_MAX, TITLE_MAX } from './finding.decider.js';
import { FINDING_TOPICS } from './findings.events.js';

const TOPICS = Object.keys(FINDING_TOPICS);

/**
 * POST /findings. The global validation pipe forbids unknown properties, so a `personId` (or any other
 * field) in the body is a 400; the decider checks the same rule for callers that bypass HTTP.
 */
export class RecordFindingDto {
  @ApiProperty({ enum: TOPICS, example: 'waiting-times' })
  @IsIn(TOPICS)
  topic!: string;

  @ApiProperty({ example: 'Terminvergabe Ausländerbehörde über zehn Wochen', maxLength: TITLE_MAX })
  @IsString()
  @Length(3, TITLE_MAX)
  title!: string;

  @ApiProperty({ maxLength: DESCRIPTION_MAX })
  @IsString()
  @Length(10, DESCRIPTION_MAX)
  description!: string;

  @ApiProperty({ type: [String], example: ['AUSLAENDERBEHOERDE'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  agencies!: string[];

  @ApiProperty({ type: [String], example: ['Velbert'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  municipalities!: string[];

  @ApiProperty({ minimum: 0, example: 23 })
  @IsInt()
  @Min(0)
  @Max(CASE_COUNT_MAX)
  caseCount!: number;
}

export class FindingsQueryDto {
  @ApiPropertyOptional({ example: '2026-07-01' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @ApiPropertyOptional({ example: '2026-09-30' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @ApiPropertyOptional({ enum: TOPICS })
  @IsOptional()
  @IsIn(TOPICS)
  topic?: string;
}
