import type { CatalogueV2 } from '../../catalogue/catalogue.js';
import { legalBasesView, type LegalBasisView } from '../../legal-basis/legal-bases.view.js';
import type { LegalBasisMatrix } from '../../legal-basis/legal-basis.js';
import type { ControllerInfo } from '../../privacy/art15/controller-info.js';
import type { RetentionPolicy } from '../../retention/retention-policy.js';

/**
 * Verzeichnis von Verarbeitungstätigkeiten (Art. 30 Abs. 1 DSGVO), generated from the configuration in
 * force: a change of the catalogue, the legal-basis matrix or the retention policy changes the record.
 */
export interface RecordOfProcessing {
  title: string;
  generatedAt: string;
  controller: ControllerInfo['controller'];
  dataProtectionOfficer: ControllerInfo['dpo'];
  activity: string;
  purposes: { code: string; label: string }[];
  dataSubjects: string[];
  dataCategories: { code: string; label: string; special: boolean }[];
  recipients: { code: string; label: string; kind: string; publicBody: boolean }[];
  thirdCountryTransfers: string;
  /** The bases of the KI's own processing a registration may name (issue 14 item 5, catalogue `participationBases`). */
  ownProcessingBases: { code: string; kind: string; norm: string; label: string }[];
  legalBases: LegalBasisView[];
  senderRegime: string;
  retention: {
    recordClass: string;
    label: string;
    rule: string;
    ownDuties: { label: string; norm: string; years: number }[];
  };
  accessLogRetentionMonths: number;
  roles: { code: string; label: string }[];
  measures: string[];
}

export function recordOfProcessing(
  catalogue: CatalogueV2,
  matrix: LegalBasisMatrix,
  policy: RetentionPolicy,
  info: ControllerInfo,
  accessLogMonths: number,
  at: string,
): RecordOfProcessing {
  return {
    title: 'Verzeichnis von Verarbeitungstätigkeiten (Art. 30 Abs. 1 DSGVO)',
    generatedAt: at,
    controller: info.controller,
    dataProtectionOfficer: info.dpo,
    activity:
      'Kommunales Integrationsmanagement (KIM): Casemanagement für Zugewanderte (Baustein 2), Datenübermittlungen an Partnerstellen, Berichte an den Ausschuss',
    purposes: catalogue.purposes.map((p) => ({ code: p.code, label: p.label })),
    dataSubjects: [
      'Teilnehmende am Casemanagement (Zugewanderte, ggf. deren Familienangehörige)',
      'Beschäftigte des Kreises und der Partnerstellen (Zugriffsprotokolle)',
    ],
    dataCategories: catalogue.dataCategories.map((c) => ({
      code: c.code,
      label: c.label,
      special: c.special || c.possiblySpecial,
    })),
    recipients: catalogue.agencies
      .filter((a) => !a.legacy && a.code !== 'KI')
      .map((a) => ({ code: a.code, label: a.label, kind: a.kind, publicBody: a.publicBody })),
    thirdCountryTransfers: 'keine',
    ownProcessingBases: catalogue.participationBases.map((b) => ({
      code: b.code,
      kind: b.kind,
      norm: b.norm,
      label: b.label,
    })),
    legalBases: legalBasesView(matrix, catalogue),
    senderRegime: catalogue.senderRegime === 'sgb' ? 'SGB X §§ 67–85a (Sozialdaten)' : 'DSGVO und DSG NRW',
    retention: {
      recordClass: policy.kimFile.code,
      label: policy.kimFile.label,
      rule: `${policy.kimFile.yearsAfterLastClosure} Jahre nach Ende des Jahres des letzten Fallabschlusses; ohne Fall ${policy.kimFile.monthsWithoutCase} Monate nach der Erfassung, jeweils bis zum Jahresende; Anbietung an das Kreisarchiv (§ 10 ArchivG NRW)`,
      ownDuties: policy.ownDuties.map((d) => ({ label: d.label, norm: d.norm, years: d.yearsAfterLastClosure })),
    },
    accessLogRetentionMonths: accessLogMonths,
    roles: catalogue.roles.map((r) => ({ code: r.code, label: r.label })),
    measures: [
      'Verschlüsselung personenbezogener Daten je Person (AES-256-GCM), Löschung durch Vernichtung des Schlüssels (Crypto-Shredding)',
      'Erforderlichkeit (Need to know): Zugriff nur bei zugewiesenem Fall, Vertretung oder befristeter Nachwirkung',
      'Protokollierung jedes Lesezugriffs vor der Antwort; Protokolle nur zur Datenschutzkontrolle',
      'Unveränderliches Ereignisprotokoll mit Hash-Kette und signierten, extern bezeugten Prüfpunkten',
      'Einschränkung der Verarbeitung (Art. 18 DSGVO) bindet alle Rollen',
      'Vier-Augen-Prinzip bei Löschungen und bei Übermittlungen, die eine Zweitfreigabe verlangen',
      'Rollentrennung: Datenschutzkoordination führt aus, Datenschutzbeauftragte/r kontrolliert',
      'Geheimhaltung kleiner Fallzahlen in Berichten (Cell-Key-Verfahren)',
    ],
  };
}
