import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { DpoReasonDto } from '../audit/audit.dtos.js';

/** `POST /privacy/persons/{id}/erasure`: the reason, and the request in the register it answers. */
export class ErasureRequestDto extends DpoReasonDto {
  @ApiPropertyOptional({ description: 'the data-subject request (register) this erasure answers' })
  @IsOptional()
  @IsUUID()
  requestId?: string;
}

export class ErasureRejectionDto extends DpoReasonDto {}

export class ErasureListQueryDto {
  @ApiPropertyOptional({ enum: ['awaiting-approval', 'erased', 'rejected'] })
  @IsOptional()
  @IsIn(['awaiting-approval', 'erased', 'rejected'])
  status?: 'awaiting-approval' | 'erased' | 'rejected';

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

export class ErasureNoticeQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'acknowledged'] })
  @IsOptional()
  @IsIn(['open', 'acknowledged'])
  status?: 'open' | 'acknowledged';

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

export class ErasureReviewQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'done'], default: 'open' })
  @IsOptional()
  @IsIn(['open', 'done'])
  status?: 'open' | 'done';

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
