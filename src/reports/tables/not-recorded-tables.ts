import type { NotRecordedDefinition } from './table-registry.js';

/**
 * Figures the programme asks for whose data the ledger does not record yet (product section 4, issue 17
 * item 4). They are registered so reports can name them and say "nicht erfasst"; once the data are
 * recorded, each becomes a computed table or figure under the same code (as the casework figures did,
 * casework-tables.ts and staff-tables.ts).
 */
const notRecorded = (code: string, title: string, needs: string): NotRecordedDefinition => ({
  kind: 'not-recorded',
  code,
  title,
  needs,
});

export const NOT_RECORDED_TABLES: NotRecordedDefinition[] = [
  notRecorded(
    'participants-by-gender',
    'Teilnehmende nach Geschlecht',
    'Geschlecht als statistisches Merkmal der Teilnehmenden (wird mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'participants-by-residence-status-group',
    'Teilnehmende nach Gruppe des Aufenthaltsstatus',
    'Gruppe des Aufenthaltsstatus als statistisches Merkmal (der Status liegt nur verschlüsselt in der Personenakte vor und wird für Berichte nicht entschlüsselt)',
  ),
  notRecorded(
    'participants-by-legal-regime',
    'Teilnehmende nach Rechtskreis (SGB II, SGB XII, AsylbLG, SGB III, ohne)',
    'Rechtskreis der Teilnehmenden (wird mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'participants-by-access-route',
    'Teilnehmende nach Zugangsweg',
    'Zugangsweg in das Casemanagement (wird mit der Fallbearbeitung erfasst)',
  ),
];
