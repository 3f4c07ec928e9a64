import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TestApp } from '../support/test-app.js';

/**
 * The OpenAPI document the service serves, linted with Spectral (spectral:oas plus the rules in
 * .spectral.yaml: German and English summaries, schemas for every answer, the standard errors,
 * X-Purpose on reads, Idempotency-Key on commands, catalogue enums). Warnings fail as errors do.
 */
describe('the OpenAPI document', () => {
  let app: TestApp;
  let dir: string;

  beforeAll(async () => {
    app = await TestApp.start();
    dir = mkdtempSync(join(tmpdir(), 'kim-openapi-'));
  });
  afterAll(async () => {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const lint = async (document: unknown, name: string): Promise<string[]> => {
    const file = join(dir, name);
    writeFileSync(file, JSON.stringify(document, null, 2));
    const spectral = join(process.cwd(), 'node_modules', '.bin', 'spectral');
    const args = [
      'lint',
      file,
      '--ruleset',
      join(process.cwd(), '.spectral.yaml'),
      '--format',
      'json',
      '--fail-severity',
      'hint',
      '--quiet',
    ];
    // Exit 1 means findings; the JSON on stdout says which. Anything unparsable fails the test.
    const { stdout } = await promisify(execFile)(spectral, args, { maxBuffer: 10 * 1024 * 1024 }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }),
    );
    const findings = JSON.parse(stdout) as { code: string; message: string; path: string[] }[];
    expect(Array.isArray(findings)).toBe(true);
    return findings.map((f) => `${f.code} at ${f.path.join('.')}: ${f.message}`);
  };

  it('passes the Spectral lint without errors or warnings', async () => {
    const document = (await app.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const findings = await lint(document, 'openapi.json');
    const operations = Object.values(document.paths as Record<string, object>).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );
    console.log(`OpenAPI lint: ${operations} operations, ${findings.length} findings`);
    expect(findings).toEqual([]);
  }, 120_000);

  it('catches a missing English summary, a missing X-Purpose and a catalogue field without enum', async () => {
    const document = (await app.app.inject({ method: 'GET', url: '/api/docs-json' })).json();
    const read = document.paths['/api/v1/persons/{id}'].get;
    read.summary = 'Person lesen';
    read.parameters = read.parameters.filter((p: { $ref?: string }) => !p.$ref);
    delete document.components.schemas.TransferDto.properties.toAgency.enum;
    const codes = (await lint(document, 'broken.json')).map((f) => f.split(' ')[0]).sort();
    expect(codes).toEqual(['kim-catalogue-enums', 'kim-reads-take-purpose', 'kim-summary-german-and-english']);
  }, 120_000);
});
