import type { SchemaObject } from '@nestjs/swagger';

/**
 * Response schemas of the casework routes (issue 16): case lists, the Integrationsplan, contacts,
 * documents, the Wiedervorlage and the waiting list. Spread into RESPONSE_SCHEMAS.
 */
const uuid: SchemaObject = { type: 'string', format: 'uuid' };
const instant: SchemaObject = { type: 'string', format: 'date-time' };
const day: SchemaObject = { type: 'string', format: 'date' };
const text: SchemaObject = { type: 'string' };
const int: SchemaObject = { type: 'integer' };
const obj = (properties: Record<string, SchemaObject>, required: string[] = Object.keys(properties)): SchemaObject => ({
  type: 'object',
  properties,
  required,
});
const list = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
const pagedOf = (item: SchemaObject): SchemaObject =>
  obj(
    { items: list(item), nextCursor: { type: 'string', description: 'opaque; send as `cursor` for the next page' } },
    ['items'],
  );

export const CASEWORK_SCHEMAS = {
  CaseList: pagedOf(
    obj(
      {
        caseId: uuid,
        personId: { ...uuid, description: 'pseudonymous id; the person is read with GET /persons/{id}' },
        municipality: text,
        status: { type: 'string', enum: ['open', 'closed'] },
        assignee: { type: 'string', nullable: true },
        openedAt: instant,
        closedAt: instant,
        revision: int,
      },
      ['caseId', 'personId', 'status', 'assignee', 'openedAt', 'revision'],
    ),
  ),
  CaseReopened: obj(
    {
      caseId: uuid,
      status: { type: 'string', enum: ['open'] },
      revision: int,
      assignee: { type: 'string', nullable: true },
      assignmentNeeded: { type: 'boolean' },
      reassignBy: { type: 'string', enum: ['team_lead'] },
      previousCaseworkerId: { type: 'string', nullable: true },
      message: text,
      messageDe: text,
    },
    ['caseId', 'status', 'revision', 'assignee', 'assignmentNeeded', 'reassignBy', 'messageDe'],
  ),
  PlanRecorded: obj({ caseId: uuid, planVersion: int, goalIds: list(uuid), revision: int }),
  GoalReviewed: obj(
    { caseId: uuid, goalId: uuid, attainment: text, final: { type: 'boolean' }, nextReviewOn: day, revision: int },
    ['caseId', 'goalId', 'attainment', 'final', 'revision'],
  ),
  ContactRecorded: obj({ caseId: uuid, contactId: uuid, revision: int }),
  DocumentStored: obj({ documentId: uuid, personId: uuid, size: int }, ['documentId', 'personId']),
  Document: obj(
    {
      documentId: uuid,
      personId: uuid,
      kind: text,
      contentType: text,
      fileName: text,
      validUntil: day,
      size: int,
      contentBase64: { type: 'string', format: 'byte' },
    },
    ['documentId', 'personId', 'kind', 'contentType', 'contentBase64'],
  ),
  DocumentList: obj({
    personId: uuid,
    documents: list(
      obj(
        {
          documentId: uuid,
          kind: text,
          kindLabel: text,
          contentType: text,
          size: int,
          validUntil: day,
          caseId: uuid,
          storedAt: instant,
        },
        ['documentId', 'kind', 'contentType', 'size', 'storedAt'],
      ),
    ),
  }),
  TaskList: pagedOf(
    obj(
      {
        taskId: text,
        label: text,
        concernsOn: day,
        agency: text,
        kind: {
          type: 'string',
          enum: ['goal-review', 'consent-expiry', 'residence-expiry', 'referral-feedback', 'document-expiry'],
        },
        dueOn: day,
        caseId: uuid,
        personId: uuid,
        assignee: { type: 'string', nullable: true },
        subjectId: text,
      },
      ['taskId', 'kind', 'dueOn', 'personId'],
    ),
  ),
  WaitingList: obj(
    {
      items: list(
        obj({ caseId: uuid, personId: uuid, municipality: text, waitingSince: day, waitingDays: int }, [
          'caseId',
          'waitingSince',
          'waitingDays',
        ]),
      ),
      freeSlots: int,
      noCapacity: { type: 'boolean' },
      caseManagersWithRoom: list(obj({ caseworkerId: text, provider: text, free: int })),
    },
    ['items', 'freeSlots', 'noCapacity'],
  ),
} satisfies Record<string, SchemaObject>;
