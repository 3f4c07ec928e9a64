import { CASE_TABLES } from './case-tables.js';
import { CASEWORK_TABLES } from './casework-tables.js';
import { NOT_RECORDED_TABLES } from './not-recorded-tables.js';
import { PROCESS_TABLES } from './process-tables.js';
import { STAFF_TABLES } from './staff-tables.js';
import { TableRegistry } from './table-registry.js';

/** Every table and figure reports can publish (see table-registry.ts). */
export const REPORT_TABLES = new TableRegistry([
  ...CASE_TABLES,
  ...PROCESS_TABLES,
  ...CASEWORK_TABLES,
  ...STAFF_TABLES,
  ...NOT_RECORDED_TABLES,
]);
