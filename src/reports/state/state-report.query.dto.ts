import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';

export const STATE_REPORT_FORMATS = ['csv', 'json'] as const;
export type StateReportFormat = (typeof STATE_REPORT_FORMATS)[number];

export class StateReportQueryDto {
  @ApiProperty({ example: '2025', description: 'Berichtsjahr; a year still under way covers its completed months' })
  @IsString({ message: "year must be a year like '2025' — das Berichtsjahr muss ein Jahr wie „2025“ sein" })
  @Matches(/^\d{4}$/, { message: "year must be a year like '2025' — das Berichtsjahr muss ein Jahr wie „2025“ sein" })
  year!: string;

  @ApiPropertyOptional({ enum: STATE_REPORT_FORMATS, default: 'csv' })
  @IsOptional()
  @IsIn(STATE_REPORT_FORMATS, { message: 'format must be csv or json — das Format muss csv oder json sein' })
  format?: StateReportFormat;
}
