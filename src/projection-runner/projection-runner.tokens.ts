/** Injection token for the list of ProjectionDefinitions the runner keeps up to date. */
export const PROJECTIONS = Symbol('Projections');
