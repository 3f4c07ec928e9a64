import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
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
  @IsOptional()
  @IsUUID()
  personId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 60)
  agency?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  from?: string;

  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/)
  to?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/)
  limit?: string;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}
