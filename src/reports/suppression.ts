/** Kept for importers outside src/reports (the findings list): the rules live in disclosure/suppression.ts. */
export { protectCount, published, SMALL_CELL_MAX, type PublishedValue } from './disclosure/suppression.js';
