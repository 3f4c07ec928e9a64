import { readFileSync } from 'node:fs';

/**
 * Retention v2 (product rule 12, legal.md "Retention"): the KIM file is the KI's own record class. No
 * KIM-specific statutory period exists, so the county's deletion policy sets the periods (configuration).
 * Benefit files (SGB II, AsylbLG, SGB VIII) are the duties of the bodies that keep them: a transfer to the
 * Jobcenter does not make the KIM file a Leistungsakte and never holds it against erasure (Art. 17(3)(b)
 * DSGVO names the controller's *own* legal obligation).
 */
export interface KimFileClass {
  code: string;
  label: string;
  /** Kept this many years after the end of the calendar year in which the last case closed. */
  yearsAfterLastClosure: number;
  /** A person who never had a case: kept this many months after registration, then to the end of that year. */
  monthsWithoutCase: number;
}

/**
 * A retention duty of the county itself (e.g. a Kreistag resolution or a funding condition that makes the
 * KI keep its files longer). Holds the file against erasure while a case is open and until the duty's
 * period after the last closure has run (end of the calendar year). Configured; none by default.
 */
export interface OwnRetentionDuty {
  code: string;
  label: string;
  /** The norm or resolution the duty rests on, named in every hold it causes. */
  norm: string;
  yearsAfterLastClosure: number;
}

export interface RetentionPolicy {
  kimFile: KimFileClass;
  ownDuties: OwnRetentionDuty[];
}

export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  kimFile: {
    code: 'kim-file',
    label: 'KIM-Akte (Kommunales Integrationsmanagement)',
    yearsAfterLastClosure: 3,
    monthsWithoutCase: 6,
  },
  ownDuties: [],
};

export const RETENTION_POLICY = Symbol('RetentionPolicy');

export class RetentionConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetentionConfigError';
  }
}

type Env = Record<string, string | undefined>;

function whole(raw: unknown, name: string, max: number): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RetentionConfigError(`${name} must be a whole number from 0 to ${max}, got "${String(raw)}"`);
  }
  return value;
}

function ownDuty(raw: unknown, where: string): OwnRetentionDuty {
  const d = raw as Partial<OwnRetentionDuty>;
  for (const field of ['code', 'label', 'norm'] as const) {
    if (typeof d?.[field] !== 'string' || d[field] === '')
      throw new RetentionConfigError(`${where}: "${field}" is required`);
  }
  return {
    code: d.code!,
    label: d.label!,
    norm: d.norm!,
    yearsAfterLastClosure: whole(d.yearsAfterLastClosure, `${where}.yearsAfterLastClosure`, 100),
  };
}

/**
 * KIM_RETENTION_FILE: JSON `{ kimFile?: {…}, ownDuties?: [{ code, label, norm, yearsAfterLastClosure }] }`;
 * KIM_RETENTION_YEARS (default 3) and KIM_RETENTION_NO_CASE_MONTHS (default 6) override the KIM file's periods.
 * v1 settings that made other agencies' duties hold the file (`classes`, KIM_LEGAL_HOLD) are refused, so a
 * county does not believe they still apply.
 */
export function retentionPolicyFromEnv(env: Env = process.env): RetentionPolicy {
  let policy = DEFAULT_RETENTION_POLICY;
  if (env.KIM_LEGAL_HOLD !== undefined) {
    throw new RetentionConfigError(
      'KIM_LEGAL_HOLD is gone (retention v2): holds come only from ownDuties in KIM_RETENTION_FILE or a litigation hold',
    );
  }
  if (env.KIM_RETENTION_FILE) {
    const file = JSON.parse(readFileSync(env.KIM_RETENTION_FILE, 'utf8')) as Record<string, unknown>;
    if ('classes' in file || 'defaultClass' in file) {
      throw new RetentionConfigError(
        'KIM_RETENTION_FILE: "classes"/"defaultClass" (v1) are gone: the KIM file is its own class ("kimFile"), other agencies’ duties do not apply',
      );
    }
    const kim = (file.kimFile ?? {}) as Partial<KimFileClass>;
    policy = {
      kimFile: {
        ...policy.kimFile,
        ...(typeof kim.label === 'string' ? { label: kim.label } : {}),
        ...(kim.yearsAfterLastClosure !== undefined
          ? { yearsAfterLastClosure: whole(kim.yearsAfterLastClosure, 'kimFile.yearsAfterLastClosure', 100) }
          : {}),
        ...(kim.monthsWithoutCase !== undefined
          ? { monthsWithoutCase: whole(kim.monthsWithoutCase, 'kimFile.monthsWithoutCase', 1200) }
          : {}),
      },
      ownDuties: Array.isArray(file.ownDuties) ? file.ownDuties.map((d, i) => ownDuty(d, `ownDuties[${i}]`)) : [],
    };
  }
  const years = env.KIM_RETENTION_YEARS ?? env.KIM_RETENTION_DEFAULT_YEARS;
  if (years !== undefined) {
    policy = {
      ...policy,
      kimFile: { ...policy.kimFile, yearsAfterLastClosure: whole(years, 'KIM_RETENTION_YEARS', 100) },
    };
  }
  if (env.KIM_RETENTION_NO_CASE_MONTHS !== undefined) {
    policy = {
      ...policy,
      kimFile: {
        ...policy.kimFile,
        monthsWithoutCase: whole(env.KIM_RETENTION_NO_CASE_MONTHS, 'KIM_RETENTION_NO_CASE_MONTHS', 1200),
      },
    };
  }
  return policy;
}
