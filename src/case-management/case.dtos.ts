import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ProvenanceTagDto } from '../person-file/consents/consent.dtos.js';
import { CASE_ACTION_TYPES, CLOSE_REASONS } from './case.events.js';

/** Which part of the timeline GET /cases/{id} returns: the newest entries first, older ones page by page. */
export class CaseReadQueryDto {
  @ApiPropertyOptional({ example: '20', description: 'timeline entries per page, 1–500, default 20' })
  @IsOptional()
  @Matches(/^(500|[1-4]\d{2}|[1-9]\d?)$/, { message: 'timelineLimit must be a number from 1 to 500' })
  timelineLimit?: string;

  @ApiPropertyOptional({ description: 'the timelineOlderCursor of the previous answer: the entries before it' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  timelineBefore?: string;
}

export class OpenCaseDto {
  @ApiProperty()
  @IsUUID()
  personId!: string;

  @ApiProperty({ example: 'Velbert' })
  @IsString()
  @Length(1, 100)
  municipality!: string;

  @ApiPropertyOptional({
    description: 'team lead only: why the person needs a further case while one is open (kept encrypted)',
  })
  @IsOptional()
  @IsString()
  @Length(10, 1000)
  parallelCaseReason?: string;
}

export class AssignCaseDto {
  @ApiProperty({ example: 'cw-01' })
  @IsString()
  @Matches(/^[\w.@-]{1,100}$/, { message: 'caseworkerId must be a user id like cw-01' })
  caseworkerId!: string;
}

export class RecordActionDto {
  @ApiProperty({ enum: CASE_ACTION_TYPES })
  @IsIn(CASE_ACTION_TYPES)
  type!: (typeof CASE_ACTION_TYPES)[number];

  @ApiProperty({ example: '2026-10-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'occurredAt must be a date like 2026-10-01' })
  occurredAt!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 4000)
  summary!: string;

  @ApiPropertyOptional({ example: ['JOBCENTER_IP'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  agencies?: string[];

  @ApiPropertyOptional({ example: 'volunteer-fire-brigade', description: 'for special-integration-achievement' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9-]{1,79}$/, { message: 'achievementKind must be a lower-case code' })
  achievementKind?: string;

  @ApiPropertyOptional({ description: 'evidence of a special integration achievement' })
  @IsOptional()
  @IsString()
  @Length(1, 1000)
  evidence?: string;

  @ApiPropertyOptional({
    type: [ProvenanceTagDto],
    description:
      'where the note came from (catalogue provenance tags); a transfer of case notes carries them and a row they block refuses it',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProvenanceTagDto)
  provenance?: ProvenanceTagDto[];
}

export class CloseCaseDto {
  @ApiProperty({ enum: CLOSE_REASONS })
  @IsIn(CLOSE_REASONS)
  reason!: (typeof CLOSE_REASONS)[number];
}

/** GET /cases: `assignee=me` lists the caller's cases; a team lead's `me` is the whole team. */
export class CaseListQueryDto {
  @ApiPropertyOptional({
    example: 'me',
    description: 'me (team lead: the team), a caseworker id (team lead only) or none (unassigned, team lead only)',
  })
  @IsOptional()
  @Matches(/^[\w.@-]{1,100}$/, { message: 'assignee must be me, none or a user id like cw-01' })
  assignee?: string;

  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ example: '50', description: 'cases per page, 1–500, default 50' })
  @IsOptional()
  @Matches(/^(500|[1-4]\d{2}|[1-9]\d?)$/, { message: 'limit must be a number from 1 to 500' })
  limit?: string;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
