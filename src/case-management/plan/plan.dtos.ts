import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGREEMENT_KINDS,
  ATTAINMENT_CODES,
  CONTACT_CHANNELS,
  INTERPRETER_KINDS,
  NEED_LEVELS,
} from './casework.config.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const day = (field: string) => Matches(DAY, { message: `${field} must be a date like 2026-12-31` });
const CODE = /^[A-Za-z][\w-]{0,59}$/;

export class AgreementDto {
  @ApiProperty({ enum: AGREEMENT_KINDS, description: 'how the participant agreed to the plan' })
  @IsIn(AGREEMENT_KINDS)
  kind!: (typeof AGREEMENT_KINDS)[number];

  @ApiPropertyOptional({ example: 'ar', description: 'language the plan was explained in' })
  @IsOptional()
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a language code like ar' })
  language?: string;
}

export class AssessedFieldDto {
  @ApiProperty({ example: 'language', description: 'a field of action (Handlungsfeld) of GET /catalogue' })
  @Matches(CODE, { message: 'fieldOfAction must be a code like language' })
  fieldOfAction!: string;

  @ApiProperty({ enum: NEED_LEVELS })
  @IsIn(NEED_LEVELS)
  need!: (typeof NEED_LEVELS)[number];
}

export class PlanStepDto {
  @ApiProperty({ example: 'Anmeldung beim Sprachkursträger' })
  @IsString()
  @Length(1, 1000)
  description!: string;

  @ApiProperty({ example: 'participant', description: 'participant, case-manager, family or an agency code' })
  @Matches(CODE, { message: 'responsible must be participant, case-manager, family or an agency code' })
  responsible!: string;

  @ApiProperty({ example: '2027-01-31' })
  @day('dueOn')
  dueOn!: string;
}

export class PlanGoalDto {
  @ApiProperty({ example: 'language' })
  @Matches(CODE, { message: 'fieldOfAction must be a code like language' })
  fieldOfAction!: string;

  @ApiProperty({ example: 'Sprachkurs B1 abschließen' })
  @IsString()
  @Length(1, 1000)
  title!: string;

  @ApiProperty({ example: 'participant', description: 'participant, case-manager, family or an agency code' })
  @Matches(CODE, { message: 'responsible must be participant, case-manager, family or an agency code' })
  responsible!: string;

  @ApiProperty({ example: '2027-06-30' })
  @day('dueOn')
  dueOn!: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'first review, if before the due date' })
  @IsOptional()
  @day('reviewOn')
  reviewOn?: string;

  @ApiPropertyOptional({ type: [PlanStepDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanStepDto)
  steps?: PlanStepDto[];
}

/** POST /cases/{id}/plan: the Integrationsplan as agreed with the participant (Assessment and goals). */
export class AgreePlanDto {
  @ApiProperty({ example: '2026-11-20', description: 'day of the agreement, not before the case was opened' })
  @day('agreedOn')
  agreedOn!: string;

  @ApiProperty({ type: AgreementDto })
  @ValidateNested()
  @Type(() => AgreementDto)
  agreement!: AgreementDto;

  @ApiPropertyOptional({ type: [AssessedFieldDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => AssessedFieldDto)
  assessment?: AssessedFieldDto[];

  @ApiProperty({ type: [PlanGoalDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => PlanGoalDto)
  goals!: PlanGoalDto[];
}

/** POST /cases/{id}/goals/{goalId}/review: the attainment of a goal on the documented scale. */
export class ReviewGoalDto {
  @ApiProperty({ example: '2027-03-31' })
  @day('reviewedOn')
  reviewedOn!: string;

  @ApiProperty({
    enum: ATTAINMENT_CODES,
    description:
      'erreicht, überwiegend erreicht, teilweise erreicht, nicht erreicht, entfallen (attained … discontinued)',
  })
  @IsIn(ATTAINMENT_CODES)
  attainment!: (typeof ATTAINMENT_CODES)[number];

  @ApiPropertyOptional({ enum: ['review', 'closure'], description: 'closure: the final assessment; default review' })
  @IsOptional()
  @IsIn(['review', 'closure'])
  occasion?: 'review' | 'closure';

  @ApiPropertyOptional({ example: '2027-09-30', description: 'next review of a goal that stays (default +6 months)' })
  @IsOptional()
  @day('nextReviewOn')
  nextReviewOn?: string;

  @ApiPropertyOptional({ description: 'note (personal data, encrypted)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}

export class InterpreterDto {
  @ApiProperty({ example: 'ar' })
  @Matches(/^[a-z]{2,3}$/, { message: 'language must be a language code like ar' })
  language!: string;

  @ApiProperty({ enum: INTERPRETER_KINDS })
  @IsIn(INTERPRETER_KINDS)
  kind!: (typeof INTERPRETER_KINDS)[number];

  @ApiProperty({ example: true, description: 'bound to confidentiality before the contact (§ 203 Abs. 4 StGB)' })
  @IsBoolean()
  boundToConfidentiality!: boolean;
}

/** POST /cases/{id}/contacts: one contact with the participant. */
export class RecordContactDto {
  @ApiProperty({ example: '2026-11-20' })
  @day('contactOn')
  contactOn!: string;

  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel!: (typeof CONTACT_CHANNELS)[number];

  @ApiProperty({ example: 45, description: 'minutes, 1–600' })
  @IsInt()
  @Min(1)
  @Max(600)
  durationMinutes!: number;

  @ApiPropertyOptional({ type: InterpreterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => InterpreterDto)
  interpreter?: InterpreterDto;

  @ApiPropertyOptional({ description: 'note (personal data, encrypted)' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}
