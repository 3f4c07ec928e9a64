import type { Role } from './roles.js';

/** Who did it, in which capacity and for which office — what input control (§ 78a SGB X) asks. */
export interface Actor {
  sub: string;
  role: Role;
  agency: string;
  municipality?: string;
}

/**
 * The envelope every stored event carries. A data protection officer must be able to read, ten years
 * later, who caused an event, in which role and agency, for which purpose and on which legal basis.
 */
export interface EventMetadata {
  schemaVersion: number;
  commandId: string;
  correlationId: string;
  causationId: string;
  actor: Actor;
  purpose?: string;
  legalBasis?: string;
  /** When it happened in the world (may precede recording, e.g. a counselling held yesterday). */
  occurredAt: string;
}
