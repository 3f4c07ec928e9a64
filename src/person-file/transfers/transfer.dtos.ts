import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

export class TransferDto {
  @ApiProperty()
  @IsUUID()
  personId!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({ example: 'JOBCENTER_IP' })
  @IsString()
  @Length(1, 60)
  toAgency!: string;

  @ApiProperty({ example: ['identity', 'employment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  dataCategories!: string[];

  @ApiProperty({ example: 'labour-market-integration' })
  @Matches(/^[a-z0-9][a-z0-9-]{1,79}$/, { message: 'purpose must be a lower-case code' })
  purpose!: string;

  @ApiProperty({ example: 'consent', description: "'consent' or a configured statutory basis like 'SGB X §71'" })
  @IsString()
  @Length(1, 60)
  legalBasis!: string;

  @ApiPropertyOptional({ description: 'required for a statutory basis' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  justification?: string;

  @ApiPropertyOptional({ description: '§ 65 SGB VIII: the data were entrusted to the youth office' })
  @IsOptional()
  @IsBoolean()
  entrustedToYouthOffice?: boolean;

  @ApiPropertyOptional({ enum: ['person', 'legal-representative'] })
  @IsOptional()
  @IsIn(['person', 'legal-representative'])
  entrustedBy?: 'person' | 'legal-representative';
}

export class TransferQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ example: 'JOBCENTER_IP', description: 'recipient agency' })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  agency?: string;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'from must be a date like 2026-01-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'from must be a date like 2026-01-01' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'to must be a date like 2026-12-31' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'to must be a date like 2026-12-31' })
  to?: string;

  @ApiPropertyOptional({ example: '50', description: 'items per page, 1–200, default 50' })
  @IsOptional()
  @Matches(/^(200|1\d{2}|[1-9]\d?)$/, { message: 'limit must be a number from 1 to 200' })
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
