import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PERIOD_FORMS_DE, PERIOD_FORMS_EN } from './report-period.js';

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const periodMessage = `period must be ${PERIOD_FORMS_EN} — der Zeitraum muss ${PERIOD_FORMS_DE} sein`;

export class CommitteeReportQueryDto {
  @ApiProperty({
    example: '2026-Q3',
    description:
      "Whole months only: a month ('2026-03'), a quarter ('2026-Q2'), a half-year ('2026-H1') or a year ('2026'). " +
      'A period still under way covers its completed months.',
  })
  @IsString({ message: periodMessage })
  period!: string;

  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json' })
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: 'format must be json, csv or html — das Format muss json, csv oder html sein' })
  format?: ReportFormat;
}
