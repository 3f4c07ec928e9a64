import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsNumber, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

/** PUT /staff/{caseworkerId}: the case manager's placement, FTE share and Baustein. */
export class StaffMemberDto {
  @ApiProperty({
    example: 'KI',
    description: 'KI, AUSLAENDERBEHOERDE, a municipality of the county or a welfare association (WV_*)',
  })
  @IsString()
  @Length(1, 60)
  provider!: string;

  @ApiProperty({ example: 1.0, description: 'share of a full-time post (VZÄ), 0.05–1; caseload limit = 80 × fte' })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 3 })
  @Min(0.05)
  @Max(1)
  fte!: number;

  @ApiProperty({ example: 2, enum: [1, 2, 3], description: 'KIM Baustein: 1 strategic, 2 case management, 3 ABH/EBH' })
  @IsIn([1, 2, 3])
  baustein!: 1 | 2 | 3;

  @ApiPropertyOptional({ example: '2026-01-01' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'activeFrom must be a date like 2026-01-01' })
  activeFrom?: string;

  @ApiPropertyOptional({ example: '2027-12-31' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'activeUntil must be a date like 2027-12-31' })
  activeUntil?: string;
}
