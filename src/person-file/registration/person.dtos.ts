import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { ACCESS_ROUTES, codesOf, GENDERS, RECHTSKREISE, RESIDENCE_STATUSES } from '../../catalogue/person-codes.js';
import { IsPersonName } from './person-name.js';
import { EvidenceDto, InformedDto } from '../consents/consent.dtos.js';

const DATE_MESSAGE = (field: string) => `${field} must be a date like 2027-06-30`;

/** Contact data (v2): encrypted with the person's other personal data. */
export class ContactDto {
  @ApiPropertyOptional({ example: '+49 2104 1234' })
  @IsOptional()
  @Matches(/^[+0-9 ()/-]{3,40}$/, { message: 'contact.phone must be a phone number' })
  phone?: string;

  @ApiPropertyOptional({ example: 'name@example.org' })
  @IsOptional()
  @IsEmail({}, { message: 'contact.email must be an e-mail address' })
  email?: string;

  @ApiPropertyOptional({ example: 'Musterstraße 1, 40822 Mettmann' })
  @IsOptional()
  @IsString()
  @Length(1, 300)
  address?: string;
}

/** Coded residence status with an end date where the permit has one. */
export class ResidenceDto {
  @ApiProperty({ enum: codesOf(RESIDENCE_STATUSES) })
  @IsIn(codesOf(RESIDENCE_STATUSES))
  status!: string;

  @ApiPropertyOptional({ example: '2027-06-30' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('validUntil') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('validUntil') })
  validUntil?: string;
}

/**
 * The basis of the KI's own processing (issue 14 item 5; legal.md: Art. 6, 9 DSGVO): a participation consent
 * (Art. 6 Abs. 1 lit. a DSGVO, § 67b SGB X) with `informed` and `evidence`, or a documented public task
 * (Art. 6 Abs. 1 lit. e DSGVO i. V. m. § 3 DSG NRW) with `justification`. The kind-specific rules and the
 * allowed codes (catalogue `participationBases`, GET /catalogue) are checked by the person-file decider.
 */
export class ParticipationDto {
  @ApiProperty({
    example: 'participation-consent',
    description: 'a code of the catalogue participationBases: participation-consent or public-task-kim by default',
  })
  @IsString()
  @Length(1, 80)
  basis!: string;

  @ApiPropertyOptional({ type: InformedDto, description: 'consent: how the person was informed (§ 67b Abs. 2 SGB X)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => InformedDto)
  informed?: InformedDto;

  @ApiPropertyOptional({ type: EvidenceDto, description: 'consent: signed form or electronic declaration' })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;

  @ApiPropertyOptional({ enum: ['person', 'legal-representative'], default: 'person' })
  @IsOptional()
  @IsIn(['person', 'legal-representative'])
  declaredBy?: 'person' | 'legal-representative';

  @ApiPropertyOptional({ description: 'consent: required when declaredBy is legal-representative (encrypted)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  representativeName?: string;

  @ApiPropertyOptional({
    example: 'Beratung zur Anerkennung des Berufsabschlusses im Auftrag des Kreises (KIM Baustein 2)',
    description:
      'public task: why Art. 6(1)(e) covers this person; documented by the registering caseworker (encrypted)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  justification?: string;
}

/** POST /persons — field names are part of the product contract. */
export class RegisterPersonDto {
  @ApiProperty({ example: 'Aylin', description: 'any script, stored exactly as given' })
  @IsPersonName()
  givenName!: string;

  @ApiProperty({ example: 'Yılmaz-Özdemir' })
  @IsPersonName()
  familyName!: string;

  @ApiProperty({ example: '1991-04-17' })
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be a date like 1991-04-17' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date like 1991-04-17' })
  dateOfBirth!: string;

  @ApiProperty({ example: 'TR', description: 'ISO 3166-1 alpha-2; XX for stateless or unknown' })
  @Matches(/^[A-Z]{2}$/, { message: 'nationality must be an ISO 3166-1 alpha-2 code like TR' })
  nationality!: string;

  @ApiProperty({ example: 'Velbert' })
  @IsString()
  @Length(1, 100)
  municipality!: string;

  @ApiProperty({ example: ['tr', 'de'] })
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { each: true, message: 'languages must be codes like tr or de' })
  languages!: string[];

  @ApiProperty({ example: '§ 25 Abs. 2 AufenthG' })
  @IsString()
  @Length(1, 200)
  residenceStatus!: string;

  @ApiPropertyOptional({ enum: codesOf(RESIDENCE_STATUSES), description: 'v2: the residence status as a code' })
  @IsOptional()
  @IsIn(codesOf(RESIDENCE_STATUSES))
  residenceStatusCode?: string;

  @ApiPropertyOptional({ example: '2027-06-30', description: 'v2: end of the permit (Wiedervorlage)' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: DATE_MESSAGE('residenceValidUntil') })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: DATE_MESSAGE('residenceValidUntil') })
  residenceValidUntil?: string;

  @ApiPropertyOptional({ enum: codesOf(GENDERS) })
  @IsOptional()
  @IsIn(codesOf(GENDERS))
  gender?: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ enum: codesOf(RECHTSKREISE) })
  @IsOptional()
  @IsIn(codesOf(RECHTSKREISE))
  rechtskreis?: string;

  @ApiPropertyOptional({ enum: codesOf(ACCESS_ROUTES), description: 'how the person came to KIM' })
  @IsOptional()
  @IsIn(codesOf(ACCESS_ROUTES))
  accessRoute?: string;

  @ApiProperty({ type: ParticipationDto, description: 'issue 14 item 5: basis of the KI’s own processing' })
  @IsDefined({
    message: 'participation is required: a participation consent or a documented Art. 6(1)(e) DSGVO basis',
  })
  @ValidateNested()
  @Type(() => ParticipationDto)
  participation!: ParticipationDto;
}

/**
 * PATCH /persons/{id} (Art. 16 DSGVO): corrected fields, coded data that changed, or fields the person
 * disputes — always with the reason (encrypted, shown in the Art. 15 report).
 */
export class UpdatePersonDto {
  @ApiProperty({ description: 'why: the person’s request, a document seen; encrypted' })
  @IsString()
  @Length(1, 2000)
  reason!: string;

  @ApiPropertyOptional({ description: 'the data-subject request (register) this answers' })
  @IsOptional()
  @IsUUID()
  requestId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPersonName()
  givenName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsPersonName()
  familyName?: string;

  @ApiPropertyOptional({ example: '1991-04-17' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be a date like 1991-04-17' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date like 1991-04-17' })
  dateOfBirth?: string;

  @ApiPropertyOptional({ example: 'TR' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'nationality must be an ISO 3166-1 alpha-2 code like TR' })
  nationality?: string;

  @ApiPropertyOptional({ example: ['tr', 'de'] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, { each: true, message: 'languages must be codes like tr or de' })
  languages?: string[];

  @ApiPropertyOptional({ enum: codesOf(GENDERS) })
  @IsOptional()
  @IsIn(codesOf(GENDERS))
  gender?: string;

  @ApiPropertyOptional({ type: ContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  contact?: ContactDto;

  @ApiPropertyOptional({ type: ResidenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ResidenceDto)
  residence?: ResidenceDto;

  @ApiPropertyOptional({ enum: codesOf(RECHTSKREISE) })
  @IsOptional()
  @IsIn(codesOf(RECHTSKREISE))
  rechtskreis?: string;

  @ApiPropertyOptional({ example: ['dateOfBirth'], description: 'fields the person disputes (restricts use)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  disputed?: string[];
}

/** GET /persons?name=&dateOfBirth= — the duplicate check before registering. */
export class DuplicateCheckQueryDto {
  @ApiProperty({ example: 'Aylin Yılmaz-Özdemir' })
  @IsString()
  @Length(2, 400)
  name!: string;

  @ApiProperty({ example: '1991-04-17' })
  @IsISO8601({ strict: true }, { message: 'dateOfBirth must be a date like 1991-04-17' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date like 1991-04-17' })
  dateOfBirth!: string;
}

export class ObjectionDto {
  @ApiProperty({ description: 'the grounds relating to the person’s particular situation (encrypted)' })
  @IsString()
  @Length(1, 4000)
  grounds!: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @Length(1, 2000)
  reason!: string;
}
