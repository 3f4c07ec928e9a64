import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';

/** POST /deputy-grants: either the whole person or one case; the reason is kept encrypted. */
export class DeputyGrantDto {
  @ApiProperty({ example: 'cw-02' })
  @Matches(/^[\w.@-]{1,100}$/, { message: 'caseworkerId must be a user id like cw-02' })
  caseworkerId!: string;

  @ApiPropertyOptional({ description: 'the person (all of their open cases); give personId or caseId' })
  @ValidateIf((o: DeputyGrantDto) => o.caseId === undefined)
  @IsUUID(undefined, { message: 'personId or caseId is required (a UUID)' })
  personId?: string;

  @ApiPropertyOptional({ description: 'one case only' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiProperty({ example: '2026-12-24', description: 'last day of the grant (inclusive)' })
  @IsISO8601({ strict: true }, { message: 'until must be a date like 2026-12-24' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'until must be a date like 2026-12-24' })
  until!: string;

  @ApiProperty({ example: 'Urlaubsvertretung' })
  @IsString()
  @Length(3, 500)
  reason!: string;
}
