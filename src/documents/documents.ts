import { createHash } from 'node:crypto';
import { Body, Controller, Get, Inject, Injectable, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, QueryBus, QueryHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsBase64, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { DOCUMENTS, type DocumentDoc } from '../../projections/documents.projection.js';
import { Roles } from '../auth/roles.decorator.js';
import type { CommandEnvelope, EventCodec } from '../event-sourcing/event-codec.js';
import { StreamRepository } from '../event-sourcing/stream-repository.js';
import { EVENT_STORE, type EventStore } from '../event-store/event-store.port.js';
import { Envelope, ReadCtx, type ReadContext } from '../http/request-context.js';
import { EVENT_CODEC } from '../kim-core.module.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { PersonAccess } from '../personal-data/person-access.js';
import {
  GuardedQueryHandler,
  PersonalDataGate,
  PersonalDataQuery,
  type GuardedRead,
} from '../personal-data/personal-data-gate.js';
import { sealed } from '../personal-data/sealed.js';
import { READ_STORE, type ReadStore } from '../read-store/read-store.port.js';
import { NotFoundError, RuleViolationError } from '../shared/errors.js';
import { deterministicId } from '../shared/ids.js';
import {
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_KIND_CODES,
  DOCUMENT_KINDS,
  DOCUMENT_MAX_BYTES,
  DOCUMENT_UPLOAD_CONTENT_TYPE,
  documentDecider,
  type DocumentEvent,
  type DocumentKind,
  type StoreDocument,
  type StoredDocument,
} from './document.rules.js';

export const documentStream = (documentId: string) => `document-${documentId}`;

@Injectable()
export class DocumentRepository extends StreamRepository<StoreDocument, DocumentEvent, StoredDocument> {
  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(EVENT_CODEC) codec: EventCodec) {
    super(store, codec, documentDecider, documentStream);
  }
}

export class StoreDocumentDto {
  @ApiProperty({ enum: DOCUMENT_KIND_CODES })
  @IsIn(DOCUMENT_KIND_CODES)
  kind!: DocumentKind;

  @ApiProperty({ enum: DOCUMENT_CONTENT_TYPES })
  @IsIn(DOCUMENT_CONTENT_TYPES)
  contentType!: string;

  @ApiProperty({ description: `the file, base64; at most ${DOCUMENT_MAX_BYTES} bytes` })
  @IsBase64()
  @MaxLength(Math.ceil((DOCUMENT_MAX_BYTES * 4) / 3) + 4)
  contentBase64!: string;

  @ApiPropertyOptional({ example: 'aufenthaltstitel.pdf', description: 'personal data, encrypted' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  fileName?: string;

  @ApiPropertyOptional({ example: '2027-03-31', description: 'expiry of the paper; brings it up for follow-up' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'validUntil must be a date like 2027-03-31' })
  validUntil?: string;

  @ApiPropertyOptional({ description: 'the case the document belongs to' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class StoreDocumentCommand extends Command<{ documentId: string; personId: string; size: number }> {
  constructor(
    readonly envelope: CommandEnvelope,
    readonly personId: string,
    readonly body: StoreDocumentDto,
  ) {
    super();
  }
}

/** Stores a document for a person the caseworker works with (need to know, not restricted, not erased). */
@CommandHandler(StoreDocumentCommand)
export class StoreDocumentHandler implements ICommandHandler<StoreDocumentCommand> {
  constructor(
    private readonly access: PersonAccess,
    private readonly documents: DocumentRepository,
  ) {}

  async execute({ envelope, personId, body }: StoreDocumentCommand) {
    const { facts } = await this.access.requireForCommand(envelope.actor, personId, envelope.at);
    if (body.caseId && !facts.person.caseIds.includes(body.caseId)) {
      throw new RuleViolationError('case-of-another-person');
    }
    const content = Buffer.from(body.contentBase64, 'base64');
    const documentId = deterministicId(envelope.commandId, 'document', personId);
    await this.documents.execute(envelope, documentId, {
      type: 'StoreDocument',
      data: {
        documentId,
        personId,
        ...(body.caseId ? { caseId: body.caseId } : {}),
        kind: body.kind,
        contentType: body.contentType,
        ...(body.fileName ? { fileName: body.fileName } : {}),
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        ...(body.validUntil ? { validUntil: body.validUntil } : {}),
        storedBy: envelope.actor.sub,
        at: envelope.at,
      },
    });
    return { documentId, personId, size: content.length };
  }
}

const KIND_LABEL = new Map<string, string>(DOCUMENT_KINDS.map((k) => [k.code, k.label]));

export class ListDocumentsQuery extends PersonalDataQuery<{ personId: string; documents: Record<string, unknown>[] }> {
  constructor(
    reader: ReadContext,
    readonly personId: string,
  ) {
    super(reader);
  }
}

/** The person's documents: kind, type, size, expiry (no content); a read about the person, logged. */
@QueryHandler(ListDocumentsQuery)
export class ListDocumentsHandler extends GuardedQueryHandler<
  ListDocumentsQuery,
  { personId: string; documents: Record<string, unknown>[] }
> {
  constructor(
    gate: PersonalDataGate,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    super(gate);
  }

  protected read({
    personId,
  }: ListDocumentsQuery): GuardedRead<{ personId: string; documents: Record<string, unknown>[] }> {
    return {
      scope: { kind: 'person', personId },
      roles: ['caseworker', 'privacy_officer'],
      categories: ['documents'],
      load: async () => {
        const page = await this.readStore.find<DocumentDoc>(DOCUMENTS, {
          filter: { personId },
          sort: { field: 'storedAt', direction: 'desc' },
          limit: 500,
        });
        return {
          personId,
          documents: page.items.map((d) => ({ ...d, kindLabel: KIND_LABEL.get(d.kind) ?? d.kind })),
        };
      },
    };
  }
}

export class ReadDocumentQuery extends PersonalDataQuery<Record<string, unknown>> {
  constructor(
    reader: ReadContext,
    readonly personId: string,
    readonly documentId: string,
  ) {
    super(reader);
  }
}

/**
 * One document with its content, straight from its stream (no read model holds the content). Its
 * `personal` part leaves only through the gate, after the read is logged; once the person is erased
 * their key is gone and the content with it.
 */
@QueryHandler(ReadDocumentQuery)
export class ReadDocumentHandler extends GuardedQueryHandler<ReadDocumentQuery, Record<string, unknown>> {
  constructor(
    gate: PersonalDataGate,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {
    super(gate);
  }

  protected read({ personId, documentId }: ReadDocumentQuery): GuardedRead<Record<string, unknown>> {
    return {
      scope: { kind: 'person', personId },
      roles: ['caseworker', 'privacy_officer'],
      categories: ['documents'],
      load: async () => {
        const [stored] = await this.store.readStream(documentStream(documentId), { maxCount: 1 });
        const data = stored?.type === 'DocumentStored' ? (stored.data as Record<string, unknown>) : undefined;
        // Another person's document is answered like a missing one: its existence is not disclosed.
        if (!data || data.personId !== personId) throw new NotFoundError(`document ${documentId} not found`);
        const { personal, sha256: _sha, ...meta } = data;
        return {
          ...meta,
          kindLabel: KIND_LABEL.get(String(meta.kind)) ?? meta.kind,
          storedAt: stored!.metadata.occurredAt,
          content: sealed(personId, personal),
        };
      },
    };
  }
}

/** Documents of a participant (issue 16, item 5); reads go through the personal-data gate and are logged. */
@ApiTags('documents')
@ApiBearerAuth()
@Controller('persons/:personId/documents')
export class DocumentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @ApiDoc({
    de: 'Dokument verschlüsselt ablegen (PDF, JPEG oder PNG, höchstens 5 MB)',
    en: 'Store a document encrypted (PDF, JPEG or PNG, at most 5 MB)',
    status: 201,
    ok: 'DocumentStored',
    errors: [413, 415, 422],
  })
  @ApiConsumes('application/json', DOCUMENT_UPLOAD_CONTENT_TYPE)
  @Post()
  @Roles('caseworker')
  store(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Body() body: StoreDocumentDto,
    @Envelope() envelope: CommandEnvelope,
  ) {
    return this.commands.execute(new StoreDocumentCommand(envelope, personId, body));
  }

  @ApiDoc({
    de: 'Dokumente einer Person auflisten (protokolliert)',
    en: 'List a person’s documents (logged)',
    ok: 'DocumentList',
  })
  @Get()
  @Roles('caseworker', 'privacy_officer')
  list(@Param('personId', new ParseUUIDPipe()) personId: string, @ReadCtx() reader: ReadContext) {
    return this.queries.execute(new ListDocumentsQuery(reader, personId));
  }

  @ApiDoc({
    de: 'Dokument mit Inhalt lesen (protokolliert)',
    en: 'Read a document with its content (logged)',
    ok: 'Document',
  })
  @Get(':documentId')
  @Roles('caseworker', 'privacy_officer')
  async read(
    @Param('personId', new ParseUUIDPipe()) personId: string,
    @Param('documentId', new ParseUUIDPipe()) documentId: string,
    @ReadCtx() reader: ReadContext,
  ) {
    const { content, ...document } = await this.queries.execute(new ReadDocumentQuery(reader, personId, documentId));
    // The opened `personal` part holds the file name and the content, shown beside the metadata.
    return { ...document, ...(content as object | undefined) };
  }
}

export const DOCUMENT_CONTROLLERS = [DocumentsController];
export const DOCUMENT_PROVIDERS = [DocumentRepository, StoreDocumentHandler, ListDocumentsHandler, ReadDocumentHandler];
