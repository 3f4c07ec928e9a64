import type { NotRecordedDefinition } from './table-registry.js';

/**
 * Figures the programme asks for whose data the ledger does not record yet (product section 4, issue 17
 * items 3 and 4). They are registered so reports can name them and say "nicht erfasst"; the casework
 * issue records the data and turns each into a computed table or figure under the same code.
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
  notRecorded(
    'cases-by-field-of-action',
    'Fälle nach Handlungsfeld',
    'Integrationspläne mit Zielen je Handlungsfeld (werden mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'goal-attainment-by-field-of-action',
    'Zielerreichung nach Handlungsfeld',
    'Überprüfung der Ziele im Integrationsplan (wird mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'staff-fte-by-baustein-and-provider',
    'Personal in Vollzeitäquivalenten nach Baustein und Träger',
    'Personalregister mit Träger, Stellenanteil und Baustein (wird mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'referrals-by-agency-and-outcome',
    'Verweisungen nach Stelle und Ergebnis',
    'Verweisungen mit Rückmeldung der Stelle (werden mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'cases-by-provider',
    'Fälle nach Träger (KI, Städte, Wohlfahrtsverbände)',
    'Träger der Fallmanagerinnen und Fallmanager aus dem Personalregister (wird mit der Fallbearbeitung erfasst)',
  ),
  notRecorded(
    'contacts-and-waiting-times',
    'Kontakte und Wartezeiten (Aufnahme bis Erstberatung, Warteliste)',
    'Kontakte und Warteliste (werden mit der Fallbearbeitung erfasst)',
  ),
];
