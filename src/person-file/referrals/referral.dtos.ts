import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { REFERRAL_OUTCOMES, type ReferralOutcome } from '../person-file.events.js';

/** POST /cases/{id}/referrals: the agency and the delivered transfer to it that the referral cites. */
export class MakeReferralDto {
  @ApiProperty({ example: 'JOBCENTER_IP', description: 'the agency referred to' })
  @IsString()
  @Length(1, 60)
  agency!: string;

  @ApiProperty({ description: 'an allowed, delivered transfer to the same agency' })
  @IsUUID()
  transferId!: string;

  @ApiPropertyOptional({ example: 'Vermittlung an das Integration Point zur Arbeitsaufnahme' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  summary?: string;
}

/** POST /referrals/{id}/feedback by an officer of the agency referred to. */
export class ReferralFeedbackDto {
  @ApiProperty({ enum: REFERRAL_OUTCOMES })
  @IsIn([...REFERRAL_OUTCOMES])
  outcome!: ReferralOutcome;

  @ApiPropertyOptional({ description: 'personal data: stored encrypted, read only through the guarded path' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  note?: string;
}
