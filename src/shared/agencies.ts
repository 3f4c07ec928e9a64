/** Agencies of the KIM network; the list itself is configuration (src/config), these are their codes. */
export type AgencyCode = string;

/** Free welfare associations are no public body: consent is their only legal basis. */
export const WELFARE_ASSOCIATION = 'WOHLFAHRTSVERBAND';
/** Data entrusted here for personal help are protected by § 65 SGB VIII. */
export const YOUTH_OFFICE = 'JUGENDAMT';
/** The sending agency of case management itself. */
export const INTEGRATION_CENTRE = 'KI';
