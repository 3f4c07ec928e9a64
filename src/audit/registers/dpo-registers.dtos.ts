import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
} from 'class-validator';
import { BREACH_RISKS, type BreachRisk } from './dpo-registers.events.js';

export class AnomalyReviewDto {
  @ApiProperty({ description: 'what was found; stored in the clear, so name no person' })
  @IsString()
  @Length(3, 2000)
  note!: string;

  @ApiPropertyOptional({ description: 'the breach (register) this anomaly belongs to' })
  @IsOptional()
  @IsUUID()
  breachId?: string;
}

export class RecordBreachDto {
  @ApiProperty({ example: '2026-12-01T09:30:00Z', description: 'when the KI became aware: the 72 hours start' })
  @IsISO8601({ strict: true })
  discoveredAt!: string;

  @ApiProperty({ description: 'what happened; stored in the clear, so name no person' })
  @IsString()
  @Length(10, 4000)
  description!: string;

  @ApiPropertyOptional({ type: [String], description: 'event ids of the anomalies behind it' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  anomalyEventIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  personCount?: number;
}

export class AssessBreachDto {
  @ApiProperty({ enum: BREACH_RISKS })
  @IsIn(BREACH_RISKS)
  risk!: BreachRisk;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  authorityNotifiedAt?: string;

  @ApiPropertyOptional({ example: 'LDI-2026-123' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  authorityReference?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsISO8601({ strict: true })
  personsNotifiedAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  reasonForDelay?: string;
}
