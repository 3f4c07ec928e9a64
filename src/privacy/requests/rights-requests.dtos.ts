import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import {
  RIGHTS_REQUEST_CHANNELS,
  RIGHTS_REQUEST_KINDS,
  RIGHTS_REQUEST_OUTCOMES,
  type RightsRequestChannel,
  type RightsRequestKind,
  type RightsRequestOutcome,
} from './rights-request.events.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class RegisterRightsRequestDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  personId!: string;

  @ApiProperty({ enum: RIGHTS_REQUEST_KINDS })
  @IsIn(RIGHTS_REQUEST_KINDS)
  kind!: RightsRequestKind;

  @ApiProperty({ example: '2026-12-01', description: 'the day the request reached the KI' })
  @Matches(DATE, { message: 'receivedOn must be a date like 2026-12-01' })
  receivedOn!: string;

  @ApiProperty({ enum: RIGHTS_REQUEST_CHANNELS })
  @IsIn(RIGHTS_REQUEST_CHANNELS)
  channel!: RightsRequestChannel;
}

export class ExtendRightsRequestDto {
  @ApiProperty({ minimum: 1, maximum: 2, description: 'further months (Art. 12(3) DSGVO: at most two)' })
  @IsInt()
  @Min(1)
  @Max(2)
  months!: number;

  @ApiProperty({ description: 'why (complexity, number of requests); stored in the clear: no personal details' })
  @IsString()
  @Length(10, 2000)
  reason!: string;
}

export class CloseRightsRequestDto {
  @ApiProperty({ enum: RIGHTS_REQUEST_OUTCOMES })
  @IsIn(RIGHTS_REQUEST_OUTCOMES)
  outcome!: RightsRequestOutcome;
}

export class RightsRequestQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] })
  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: 'open' | 'closed';

  @ApiPropertyOptional({ description: 'only open requests past their due date' })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}
