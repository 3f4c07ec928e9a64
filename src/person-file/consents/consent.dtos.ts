import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  IsDefined,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class EvidenceDto {
  @ApiProperty({ enum: ['signed-form', 'electronic-declaration'] })
  @IsIn(['signed-form', 'electronic-declaration'])
  kind!: 'signed-form' | 'electronic-declaration';

  @ApiProperty({ example: 'KI-2026-0042' })
  @IsString()
  @Length(1, 200)
  reference!: string;
}

/** § 67b Abs. 2 SGB X: the person was informed of purpose, effect of refusal and the right to withdraw. */
export class InformedDto {
  @ApiProperty({ example: 'tr', description: 'ISO 639 language the information was given in' })
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'informed.language must be an ISO 639 code like tr' })
  language!: string;

  @ApiProperty({ example: 'KI-EW-2026-03', description: 'version of the information and consent form' })
  @IsString()
  @Length(1, 60)
  formVersion!: string;

  @ApiProperty({ description: 'an interpreter was present' })
  @IsBoolean()
  interpreter!: boolean;
}

/**
 * A provenance tag on a note or a consent (issue 14 item 5): a tag of the catalogue (`provenanceTags`) and who
 * entrusted the data — 'person', 'legal-representative' or 'third-party:<id>' (a short free id of at most
 * 64 characters, so a consent of that declarant can release it, § 65 SGB VIII). Tags that need an entruster
 * (entrusted-youth-office) are refused without one.
 */
export class ProvenanceTagDto {
  @ApiProperty({ example: 'entrusted-youth-office', description: 'a provenance tag of the catalogue' })
  @IsString()
  @Length(1, 60)
  tag!: string;

  @ApiPropertyOptional({
    example: 'third-party:jugendamt-asd-mettmann',
    description:
      "who entrusted the data: 'person', 'legal-representative' or 'third-party:<id>' (id up to 64 characters)",
  })
  @IsOptional()
  @Matches(/^(person|legal-representative|third-party:[A-Za-z0-9._-]{1,64})$/, {
    message: "entrustedBy must be 'person', 'legal-representative' or 'third-party:<id>'",
  })
  entrustedBy?: string;
}

class ScopeDto {
  @ApiProperty({ example: ['JOBCENTER_IP'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  recipients!: string[];

  @ApiProperty({ example: ['identity', 'employment'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  dataCategories!: string[];

  @ApiProperty({ example: ['labour-market-integration'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9-]{1,79}$/, { each: true, message: 'purposes must be lower-case codes' })
  purposes!: string[];

  @ApiPropertyOptional({ enum: ['person', 'legal-representative'], default: 'person' })
  @IsOptional()
  @IsIn(['person', 'legal-representative'])
  declaredBy?: 'person' | 'legal-representative';

  @ApiPropertyOptional({ description: 'required when declaredBy is legal-representative' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  representativeName?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  interpreterPresent?: boolean;
}

/** POST /persons/{id}/consents. `refused: true` records a refusal with the scope that was asked. */
export class GrantConsentDto extends ScopeDto {
  @ApiPropertyOptional({ example: '2027-12-31', description: 'required unless refused' })
  @ValidateIf((o: GrantConsentDto) => !o.refused)
  @IsDefined({ message: 'validUntil is required for a consent' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil must be a date like 2027-12-31' })
  validUntil?: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  mutual?: boolean;

  @ApiPropertyOptional({ type: EvidenceDto, description: 'required unless refused (§ 67b Abs. 2 SGB X: provable)' })
  @ValidateIf((o: GrantConsentDto) => !o.refused)
  @IsDefined({ message: 'evidence is required for a consent (signed form or electronic declaration)' })
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;

  @ApiPropertyOptional({ type: InformedDto, description: 'required unless refused (§ 67b Abs. 2 SGB X)' })
  @ValidateIf((o: GrantConsentDto) => !o.refused)
  @IsDefined({ message: 'informed is required for a consent (language, formVersion, interpreter)' })
  @ValidateNested()
  @Type(() => InformedDto)
  informed?: InformedDto;

  @ApiPropertyOptional({ description: 'the case the consent is given for; it ends when the case closes' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ default: true, description: 'with caseId: false keeps the consent after the case closes' })
  @IsOptional()
  @IsBoolean()
  endsWhenCaseCloses?: boolean;

  @ApiPropertyOptional({ example: ['entrusted-youth-office'], description: 'provenance tags expressly released' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(60, { each: true })
  releases?: string[];

  @ApiPropertyOptional({
    type: [ProvenanceTagDto],
    description: 'where the data this consent concerns came from (provenance tags, e.g. entrusted to the youth office)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ProvenanceTagDto)
  provenance?: ProvenanceTagDto[];

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  refused?: boolean;
}
