import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** The official request (Ersuchen) the transfer answers (§ 71 Abs. 2 SGB X, § 32 StAG). */
export class TransferRequestDto {
  @ApiProperty({ example: 'AUSLAENDERBEHOERDE', description: 'agency code of the requesting authority' })
  @IsString()
  @Length(1, 60)
  authority!: string;

  @ApiProperty({ example: 'ABH-2026-4711', description: 'its file reference (Aktenzeichen)' })
  @IsString()
  @Length(1, 120)
  reference!: string;

  @ApiProperty({ example: '2026-11-20', description: 'date the request was received' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'request.receivedOn must be a date like 2026-11-20' })
  receivedOn!: string;
}

/** Where the data sent came from, where that limits where they may go (§ 88 AufenthG, § 65 SGB VIII). */
export class ProvenanceDto {
  @ApiProperty({ example: 'entrusted-youth-office', description: 'provenance tag of the catalogue' })
  @IsString()
  @Length(1, 60)
  tag!: string;

  @ApiPropertyOptional({
    example: 'person',
    description: "who entrusted the data: 'person', 'legal-representative', 'third-party:<id>'",
  })
  @IsOptional()
  @Matches(/^(person|legal-representative|third-party:[A-Za-z0-9._-]{1,64})$/, {
    message: "entrustedBy must be 'person', 'legal-representative' or 'third-party:<id>'",
  })
  entrustedBy?: string;

  @ApiPropertyOptional({ example: ['family-youth-welfare'], description: 'categories concerned; all when absent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  categories?: string[];
}

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

  @ApiProperty({ example: 'consent', description: "code of a row of GET /legal-bases: 'consent', 'sgb10-71-2', …" })
  @IsString()
  @Length(1, 60)
  legalBasis!: string;

  @ApiPropertyOptional({ description: 'required by every statutory row (minimum length in the matrix)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  justification?: string;

  @ApiPropertyOptional({ type: TransferRequestDto, description: 'the Ersuchen, where the row requires one' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TransferRequestDto)
  request?: TransferRequestDto;

  @ApiPropertyOptional({ example: ['weighty-signs-of-endangerment'], description: 'statements the row asks for' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  attestations?: string[];

  @ApiPropertyOptional({ type: [ProvenanceDto], description: 'provenance of the data sent' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProvenanceDto)
  provenance?: ProvenanceDto[];
}

/** POST /transfers/{id}/reject: why the second person rejects it. */
export class RejectTransferDto {
  @ApiProperty({ example: 'Ersuchen betrifft eine andere Person' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export const TRANSFER_STATUSES = ['delivered', 'refused', 'awaiting-approval', 'rejected'] as const;

export class TransferQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES, description: 'team leads: only awaiting-approval (their queue)' })
  @IsOptional()
  @IsIn(TRANSFER_STATUSES)
  status?: (typeof TRANSFER_STATUSES)[number];

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
