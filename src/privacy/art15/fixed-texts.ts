/**
 * The fixed texts of the Art. 15 report (Art. 12(1) DSGVO: clear and plain language), in German and
 * English. Another language is added by adding a key here; the report falls back to German.
 */
export const REPORT_LANGUAGES = ['de', 'en'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

export interface FixedTexts {
  title: string;
  intro: string;
  sections: {
    controller: string;
    data: string;
    rectifications: string;
    purposes: string;
    cases: string;
    consents: string;
    recipients: string;
    refusedTransfers: string;
    accesses: string;
    refusedAccesses: string;
    retention: string;
    sources: string;
    rights: string;
    complaint: string;
  };
  erased: string;
  none: string;
  controllerLabel: string;
  dpoLabel: string;
  staffNote: string;
  rights: { article: string; text: string }[];
  complaint: string;
  sourceRegistration: string;
  sourceCasework: string;
  sourceConsent: string;
  retentionNoCase: (months: number) => string;
  retentionClosed: (years: number) => string;
  retentionOpen: string;
  keptUntil: string;
  generatedAt: string;
}

export const FIXED_TEXTS: Record<ReportLanguage, FixedTexts> = {
  de: {
    title: 'Auskunft nach Art. 15 DSGVO',
    intro:
      'Sie haben das Recht zu erfahren, ob und welche Daten wir über Sie verarbeiten. Diese Auskunft nennt alle Daten, die im Kommunalen Integrationsmanagement über Sie gespeichert sind, wozu und auf welcher Grundlage wir sie verarbeiten, wer sie erhalten hat, wie lange sie gespeichert werden und welche Rechte Sie haben.',
    sections: {
      controller: 'Verantwortliche Stelle und Datenschutzbeauftragte',
      data: 'Gespeicherte Daten',
      rectifications: 'Berichtigungen und bestrittene Angaben',
      purposes: 'Zwecke der Verarbeitung',
      cases: 'Fälle im Casemanagement',
      consents: 'Einwilligungen',
      recipients: 'Empfänger (Datenübermittlungen)',
      refusedTransfers: 'Abgelehnte Übermittlungen',
      accesses: 'Zugriffe auf Ihre Daten',
      refusedAccesses: 'Abgewiesene Zugriffsversuche',
      retention: 'Speicherdauer',
      sources: 'Herkunft der Daten',
      rights: 'Ihre Rechte',
      complaint: 'Beschwerderecht',
    },
    erased:
      'Ihre personenbezogenen Daten wurden gelöscht (Art. 17 DSGVO). Es sind nur pseudonyme Protokolleinträge erhalten.',
    none: 'Keine.',
    controllerLabel: 'Verantwortlich',
    dpoLabel: 'Datenschutzbeauftragte/r',
    staffNote:
      'Beschäftigte werden mit ihrer Rolle und Stelle genannt, nicht mit Namen oder Kennung (EuGH, Urteil vom 22.06.2023, C-579/21).',
    rights: [
      { article: 'Art. 15 DSGVO', text: 'Auskunft über Ihre Daten, wie in diesem Schreiben.' },
      { article: 'Art. 16 DSGVO', text: 'Berichtigung unrichtiger und Vervollständigung unvollständiger Daten.' },
      {
        article: 'Art. 17 DSGVO',
        text: 'Löschung Ihrer Daten, soweit keine Aufbewahrungspflicht des Kreises entgegensteht.',
      },
      { article: 'Art. 18 DSGVO', text: 'Einschränkung der Verarbeitung, z. B. solange die Richtigkeit geprüft wird.' },
      { article: 'Art. 21 DSGVO', text: 'Widerspruch gegen die Verarbeitung aus Gründen Ihrer besonderen Situation.' },
      { article: 'Art. 7 Abs. 3 DSGVO', text: 'Widerruf einer Einwilligung jederzeit mit Wirkung für die Zukunft.' },
    ],
    complaint:
      'Sie können sich bei der Aufsichtsbehörde beschweren, wenn Sie meinen, dass die Verarbeitung Ihrer Daten gegen das Datenschutzrecht verstößt (Art. 77 DSGVO):',
    sourceRegistration: 'Angaben von Ihnen im Erstgespräch (Erfassung)',
    sourceCasework: 'Aufzeichnungen der Fallmanagerin / des Fallmanagers im Casemanagement',
    sourceConsent: 'Ihre Einwilligungserklärungen',
    retentionNoCase: (months) =>
      `${months} Monate nach der Erfassung, bis zum Ende des Kalenderjahres (ohne Fall im Casemanagement)`,
    retentionClosed: (years) =>
      `${years} Jahre nach Ende des Kalenderjahres, in dem der letzte Fall abgeschlossen wurde`,
    retentionOpen: 'solange ein Fall offen ist, danach wie oben',
    keptUntil: 'gespeichert bis',
    generatedAt: 'erstellt am',
  },
  en: {
    title: 'Access report under Art. 15 GDPR',
    intro:
      'You have the right to know whether and which data we process about you. This report lists all data the county’s integration management holds about you, why and on which basis we process them, who received them, how long they are kept and which rights you have.',
    sections: {
      controller: 'Controller and data protection officer',
      data: 'Data held',
      rectifications: 'Rectifications and disputed data',
      purposes: 'Purposes of the processing',
      cases: 'Case management',
      consents: 'Consents',
      recipients: 'Recipients (data transfers)',
      refusedTransfers: 'Refused transfers',
      accesses: 'Accesses to your data',
      refusedAccesses: 'Refused access attempts',
      retention: 'Retention',
      sources: 'Source of the data',
      rights: 'Your rights',
      complaint: 'Right to lodge a complaint',
    },
    erased: 'Your personal data have been erased (Art. 17 GDPR). Only pseudonymous log entries remain.',
    none: 'None.',
    controllerLabel: 'Controller',
    dpoLabel: 'Data protection officer',
    staffNote:
      'Staff are named by role and body, not by name or identifier (CJEU, judgment of 22 June 2023, C-579/21).',
    rights: [
      { article: 'Art. 15 GDPR', text: 'Access to your data, as in this report.' },
      { article: 'Art. 16 GDPR', text: 'Rectification of inaccurate and completion of incomplete data.' },
      {
        article: 'Art. 17 GDPR',
        text: 'Erasure of your data unless a retention duty of the county stands against it.',
      },
      { article: 'Art. 18 GDPR', text: 'Restriction of processing, e.g. while the accuracy is verified.' },
      {
        article: 'Art. 21 GDPR',
        text: 'Objection to the processing on grounds relating to your particular situation.',
      },
      { article: 'Art. 7(3) GDPR', text: 'Withdrawal of a consent at any time, with effect for the future.' },
    ],
    complaint:
      'You may lodge a complaint with the supervisory authority if you consider that the processing of your data infringes data protection law (Art. 77 GDPR):',
    sourceRegistration: 'Information you gave at the first meeting (registration)',
    sourceCasework: 'Records of your case manager',
    sourceConsent: 'Your declarations of consent',
    retentionNoCase: (months) => `${months} months after registration, to the end of that calendar year (no case)`,
    retentionClosed: (years) => `${years} years after the end of the calendar year in which the last case closed`,
    retentionOpen: 'while a case is open, then as above',
    keptUntil: 'kept until',
    generatedAt: 'generated on',
  },
};
