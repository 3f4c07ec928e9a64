import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReportQueryDto } from '../audit/audit.dtos.js';
import type { SubjectAccessReport } from '../audit/subject-access.report.js';
import { subjectAccessHtml } from '../audit/subject-access.html.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { loadCatalogue } from '../catalogue/catalogue.loader.js';
import type { CatalogueV2 } from '../catalogue/catalogue.js';
import { ReadCtx, type ReadContext } from '../http/request-context.js';
import { controllerInfoFromEnv, type ControllerInfo } from './art15/controller-info.js';
import { FIXED_TEXTS, REPORT_LANGUAGES, type ReportLanguage } from './art15/fixed-texts.js';
import { SubjectAccessReportQuery } from './subject-access-report.query.js';

/** The rights desk (Datenschutzkoordination): the privacy officer acts on data-subject requests. */
@ApiTags('privacy')
@ApiBearerAuth()
@Controller('privacy/persons/:id')
export class PrivacyPersonsController {
  /** Configuration in force at start: labels (catalogue), controller and DPO contact. */
  private readonly catalogue: CatalogueV2 = loadCatalogue(process.env);
  private readonly info: ControllerInfo = controllerInfoFromEnv(process.env);

  constructor(private readonly queries: QueryBus) {}

  /**
   * Art. 15 DSGVO as JSON or a printable page, in German or English (`lang`; default: English where the
   * person's languages name English and not German, else German).
   */
  @ApiDoc({
    de: 'Auskunft nach Art. 15 DSGVO',
    en: 'Subject access report (Art. 15 GDPR)',
    ok: 'SubjectAccessReport',
    errors: [404],
  })
  @Get('report')
  @Roles('privacy_officer')
  @ApiProduces('application/json', 'text/html')
  async report(
    @Param('id', new ParseUUIDPipe()) personId: string,
    @Query() query: ReportQueryDto,
    @ReadCtx() reader: ReadContext,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const opened = await this.queries.execute(new SubjectAccessReportQuery(reader, personId));
    // Decrypted action notes sit beside the action's other fields, as the report always showed them.
    const report = {
      ...opened,
      cases: opened.cases.map((c) => ({
        ...c,
        actions: c.actions.map(({ personal, ...a }) => ({ ...a, ...(personal as object | undefined) })),
      })),
    } as unknown as SubjectAccessReport & { personalData: Record<string, unknown> };
    const lang = query.lang ?? languageOf(report.personalData);
    void reply.header('cache-control', 'no-store');
    if (query.format === 'html') {
      void reply.header('content-type', 'text/html; charset=utf-8');
      return subjectAccessHtml(report, this.catalogue, this.info, lang);
    }
    const texts = FIXED_TEXTS[lang];
    return {
      ...report,
      language: lang,
      controller: this.info.controller,
      dataProtectionOfficer: this.info.dpo,
      complaintAuthority: this.info.complaintAuthority,
      rights: texts.rights,
      purposes: report.purposes.map((p) => ({ ...p, label: this.label('purposes', p.purpose, lang) })),
      recipients: report.recipients.map((r) => ({ ...r, label: this.label('agencies', r.toAgency, lang) })),
      staffNote: texts.staffNote,
    };
  }

  private label(list: 'purposes' | 'agencies', code: string, lang: ReportLanguage): string {
    const entry = this.catalogue[list].find((e) => e.code === code);
    return entry ? (lang === 'en' && entry.labelEn ? entry.labelEn : entry.label) : code;
  }
}

/** The person's language where a translation of the fixed texts exists, else German. */
function languageOf(personal: Record<string, unknown>): ReportLanguage {
  const languages = Array.isArray(personal.languages) ? (personal.languages as string[]) : [];
  const translated = languages.find((l): l is ReportLanguage => (REPORT_LANGUAGES as readonly string[]).includes(l));
  return translated ?? 'de';
}
