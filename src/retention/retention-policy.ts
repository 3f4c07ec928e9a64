import { DEFAULT_CATALOGUE_V2 } from '../catalogue/default-catalogue.js';
import { readFileSync } from 'node:fs';

/**
 * Record classes and their retention periods. No KIM-specific period exists (legal.md): the county's
 * deletion policy sets them, so they are configuration. A class "with a retention duty" also blocks an
 * erasure request before its period has run (§ 84 SGB X: retention duties stand against erasure; the
 * DPO restricts instead).
 */
export interface RecordClass {
  code: string;
  label: string;
  years: number;
  /** A statutory duty to keep the file: erasure before the period ends is refused (legal hold). */
  retentionDuty: boolean;
  /** A case belongs to this class when one of its actions or an allowed transfer involved one of these agencies. */
  agencies: string[];
}

export interface RetentionPolicy {
  /** The class of a case that involved none of the listed agencies. */
  defaultClass: RecordClass;
  classes: RecordClass[];
  /** Off: erasure is never blocked by a retention duty (the DPO decides alone). */
  legalHold: boolean;
}

const SOCIAL_OFFICES = DEFAULT_CATALOGUE_V2.agencies
  .filter((a) => a.kind === 'social-office' && !a.legacy)
  .map((a) => a.code);

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  defaultClass: { code: 'kim', label: 'KIM-Fallakte (Casemanagement)', years: 10, retentionDuty: false, agencies: [] },
  classes: [
    { code: 'sgb2', label: 'Leistungsakte SGB II', years: 10, retentionDuty: true, agencies: ['JOBCENTER_IP'] },
    {
      code: 'asylblg',
      label: 'Leistungsakte AsylbLG',
      years: 6,
      retentionDuty: true,
      // The old collective code (older events) and each municipality's own social office (catalogue v2).
      agencies: ['SOZIALAMT', ...SOCIAL_OFFICES],
    },
    {
      code: 'youth-welfare',
      label: 'Jugendhilfeakte (SGB VIII)',
      years: 10,
      retentionDuty: true,
      agencies: ['JUGENDAMT'],
    },
  ],
  legalHold: true,
};

export const RETENTION_POLICY = Symbol('RetentionPolicy');

export class RetentionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionConfigError';
  }
}

type Env = Record<string, string | undefined>;

function years(raw: unknown, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new RetentionConfigError(`${name} must be a whole number of years from 0 to 100, got "${String(raw)}"`);
  }
  return value;
}

function recordClass(raw: unknown, where: string): RecordClass {
  const c = raw as Partial<RecordClass>;
  if (typeof c?.code !== 'string' || c.code === '') throw new RetentionConfigError(`${where}: "code" is required`);
  return {
    code: c.code,
    label: typeof c.label === 'string' ? c.label : c.code,
    years: years(c.years, `${where}.years`),
    retentionDuty: c.retentionDuty === true,
    agencies: Array.isArray(c.agencies) ? c.agencies.map(String) : [],
  };
}

/**
 * KIM_RETENTION_FILE: JSON `{ defaultClass?, classes? }` replacing the defaults;
 * KIM_RETENTION_DEFAULT_YEARS: the period of the default class; KIM_LEGAL_HOLD: `on` (default) or `off`.
 */
export function retentionPolicyFromEnv(env: Env = process.env): RetentionPolicy {
  let policy = DEFAULT_RETENTION_POLICY;
  if (env.KIM_RETENTION_FILE) {
    const file = JSON.parse(readFileSync(env.KIM_RETENTION_FILE, 'utf8')) as {
      defaultClass?: unknown;
      classes?: unknown;
    };
    policy = {
      ...policy,
      ...(file.defaultClass ? { defaultClass: recordClass(file.defaultClass, 'KIM_RETENTION_FILE defaultClass') } : {}),
      ...(Array.isArray(file.classes)
        ? { classes: file.classes.map((c, i) => recordClass(c, `KIM_RETENTION_FILE classes[${i}]`)) }
        : {}),
    };
  }
  if (env.KIM_RETENTION_DEFAULT_YEARS) {
    policy = {
      ...policy,
      defaultClass: {
        ...policy.defaultClass,
        years: years(env.KIM_RETENTION_DEFAULT_YEARS, 'KIM_RETENTION_DEFAULT_YEARS'),
      },
    };
  }
  const hold = env.KIM_LEGAL_HOLD ?? 'on';
  if (hold !== 'on' && hold !== 'off')
    throw new RetentionConfigError(`KIM_LEGAL_HOLD must be on or off, got "${hold}"`);
  return { ...policy, legalHold: hold === 'on' };
}

/** The classes a case falls under, given the agencies it involved; the default class when none matches. */
export function classesFor(policy: RetentionPolicy, agencies: Iterable<string>): RecordClass[] {
  const involved = new Set(agencies);
  const matching = policy.classes.filter((c) => c.agencies.some((a) => involved.has(a)));
  return matching.length > 0 ? matching : [policy.defaultClass];
}

/** `iso` plus whole years, in UTC (29 February rolls to 1 March, the safe side for a retention period). */
export function addYears(iso: string, count: number): string {
  const date = new Date(iso);
  date.setUTCFullYear(date.getUTCFullYear() + count);
  return date.toISOString();
}
