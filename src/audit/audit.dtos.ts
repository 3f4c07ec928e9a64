import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';

const DAY_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Filters of the audit trail (product: by person, actor, agency, action, period). */
export class AuditTrailQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'the actor’s `sub`' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  actor?: string;

  @ApiPropertyOptional({ example: 'KI' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,60}$/, { message: 'agency must be an agency code like KI' })
  agency?: string;

  @ApiPropertyOptional({ example: 'access' })
  @IsOptional()
  @Matches(/^[a-z][a-z-]{1,59}$/, { message: 'action must be an action code like access or transfer' })
  action?: string;

  @ApiPropertyOptional({ example: '2026-10-01', description: 'inclusive; a day or an ISO instant' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'from must be a date like 2026-10-01 or an ISO instant' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31', description: 'inclusive for a day, exclusive for an instant' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'to must be a date like 2026-10-31 or an ISO instant' })
  to?: string;

  @ApiPropertyOptional({ example: '100', description: '1–1000, default 100 (JSON only; CSV exports everything)' })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a number from 1 to 1000' })
  limit?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;

  @ApiPropertyOptional({ enum: ['json', 'csv'] })
  @IsOptional()
  @IsIn(['json', 'csv'])
  format?: 'json' | 'csv';

  @ApiPropertyOptional({ enum: [';', ','], description: 'CSV separator; `;` (default) opens in a German Excel' })
  @IsOptional()
  @IsIn([';', ','])
  separator?: ';' | ',';
}

export class ReportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'html'] })
  @IsOptional()
  @IsIn(['json', 'html'])
  format?: 'json' | 'html';

  @ApiPropertyOptional({ enum: ['de', 'en'], description: 'language of the fixed texts (Art. 15 report)' })
  @IsOptional()
  @IsIn(['de', 'en'])
  lang?: 'de' | 'en';
}

export class DpoReasonDto {
  @ApiProperty({ description: 'why; stored in the clear in the trail, so name no personal details here' })
  @IsString()
  @Length(1, 2000)
  reason!: string;
}

export const ANOMALY_KINDS = [
  'read-without-case',
  'read-outside-office-hours',
  'bulk-read',
  'statutory-transfer',
  'transfer-refused',
  'access-denied',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export class AnomaliesQueryDto {
  @ApiPropertyOptional({ enum: ANOMALY_KINDS })
  @IsOptional()
  @IsIn(ANOMALY_KINDS)
  kind?: AnomalyKind;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only reviewed, or only unreviewed anomalies' })
  @IsOptional()
  @IsIn(['true', 'false'])
  reviewed?: 'true' | 'false';

  @ApiPropertyOptional({ example: '2026-10-01' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'from must be a date like 2026-10-01 or an ISO instant' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-10-31' })
  @IsOptional()
  @Matches(DAY_OR_INSTANT, { message: 'to must be a date like 2026-10-31 or an ISO instant' })
  to?: string;

  @ApiPropertyOptional({ example: '200', description: 'per kind, 1–1000, default 200 (newest first)' })
  @IsOptional()
  @Matches(/^(1000|[1-9]\d{0,2})$/, { message: 'limit must be a number from 1 to 1000' })
  limit?: string;
}

/** A period filter on an ISO field: a bare day `to` includes the whole day. */
export function periodCondition(from?: string, to?: string) {
  if (!from && !to) return undefined;
  const end = to && /^\d{4}-\d{2}-\d{2}$/.test(to) ? { lt: `${to}T24` } : to ? { lt: to } : {};
  return { ...(from ? { gte: from } : {}), ...end };
}
