import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import type { KimConfig } from '../config/config.js';
import { KIM_CONFIG } from '../kim-core.module.js';
import { ApiDoc } from '../openapi/api-doc.decorator.js';
import { ROLES } from '../shared/roles.js';
import { legalBasesView } from '../legal-basis/legal-bases.view.js';
import { citationOf } from '../legal-basis/legal-basis.js';

/**
 * HTTP edge of src/legal-basis and src/catalogue (both pure, no framework). The law in force, for everyone who works with it: the legal-basis matrix (GET /legal-bases, also printed
 * in the Art. 30 record) and the catalogue with German labels (GET /catalogue). Configuration, no personal data.
 */
@ApiTags('legal-bases')
@ApiBearerAuth()
@Controller()
export class LawController {
  constructor(@Inject(KIM_CONFIG) private readonly config: KimConfig) {}

  @ApiDoc({
    de: 'Rechtsgrundlagen-Matrix anzeigen',
    en: 'Show the legal-basis matrix in force',
    ok: 'LegalBases',
  })
  @Get('legal-bases')
  @Roles(...ROLES)
  legalBases() {
    const { matrix, catalogue } = this.config.law;
    return {
      regime: catalogue.senderRegime,
      rows: legalBasesView(matrix, catalogue),
      settings: matrix.settings,
    };
  }

  @ApiDoc({
    de: 'Katalog anzeigen (Stellen, Kommunen, Kategorien, Zwecke, Rechtsgrundlagen, Gründe)',
    en: 'Show the catalogue (agencies, municipalities, categories, purposes, bases, reasons)',
    ok: 'Catalogue',
  })
  @Get('catalogue')
  @Roles(...ROLES)
  catalogue() {
    const { matrix, catalogue } = this.config.law;
    return {
      ...catalogue,
      bases: matrix.rows.map((row) => ({
        code: row.code,
        kind: row.kind,
        norm: citationOf(row),
        label: row.title,
        ...(row.titleEn ? { labelEn: row.titleEn } : {}),
      })),
    };
  }
}
