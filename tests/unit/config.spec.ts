import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  describe('when nothing is set', () => {
    it('runs on the embedded stores on port 3000 with local identity', () => {
      const config = loadConfig({});
      expect(config.port).toBe(3000);
      expect(config.eventStore).toEqual({ driver: 'sqlite', commitSync: 'inline' });
      expect(config.readStore).toEqual({ driver: 'sqlite' });
      expect(config.identity).toEqual({ mode: 'local' });
      expect(config.catalogue.caseloadLimit).toBe(80);
      expect(config.profile).toBe('development');
      expect(config.tokenMaxAgeSeconds).toBe(12 * 3600);
      expect(config.rateLimitUnauthenticatedPerMinute).toBe(120);
      expect(config.keys).toEqual({ dir: config.dataDir, mongoDatabase: 'kim_keys', epochDays: 30 });
    });
  });

  describe('in production (NODE_ENV=production, as the image sets it, or KIM_PROFILE=production)', () => {
    const oidc = { OIDC_ISSUER: 'https://sso.example/realms/kreis', OIDC_AUDIENCE: 'kim-ledger' };
    const key = { KIM_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') };

    it.each([
      [{ NODE_ENV: 'production', ...key }, /OIDC_ISSUER is required in production/],
      [{ KIM_PROFILE: 'production', ...key }, /OIDC_ISSUER is required in production/],
      [{ NODE_ENV: 'production', ...oidc }, /KIM_MASTER_KEY \(or KIM_MASTER_KEY_FILE\) is required in production/],
      [{ KIM_PROFILE: 'staging' }, /KIM_PROFILE must be one of production, development/],
      [
        {
          KIM_PROFILE: 'production',
          ...oidc,
          ...key,
          KIM_EVENT_STORE: 'esdb',
          EVENTSTORE_CONNECTION_STRING: 'esdb://kim:pw@es:2113?tls=false',
        },
        /tls=false is refused in production/,
      ],
    ])('%j refuses to start with one line', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('starts with OIDC and a master key', () =>
      expect(loadConfig({ NODE_ENV: 'production', ...oidc, ...key })).toMatchObject({
        profile: 'production',
        identity: { mode: 'oidc' },
      }));

    it('lets KIM_PROFILE=development override NODE_ENV for a local try-out of the image', () =>
      expect(loadConfig({ NODE_ENV: 'production', KIM_PROFILE: 'development' }).identity).toEqual({ mode: 'local' }));

    it('reads the master key from KIM_MASTER_KEY_FILE (a container secret)', () => {
      const dir = mkdtempSync(join(tmpdir(), 'kim-secret-'));
      writeFileSync(join(dir, 'master'), `${key.KIM_MASTER_KEY}\n`);
      expect(
        loadConfig({ KIM_PROFILE: 'production', ...oidc, KIM_MASTER_KEY_FILE: join(dir, 'master') }).masterKey,
      ).toBe(key.KIM_MASTER_KEY);
      expect(() => loadConfig({ KIM_MASTER_KEY_FILE: join(dir, 'missing') })).toThrow(
        /KIM_MASTER_KEY_FILE cannot be read: ENOENT/,
      );
    });
  });

  describe('when the event store connection string uses kurrentdb://', () => {
    it('refuses it in one line naming the esdb:// form the installed client accepts, without the password', () => {
      const env = {
        KIM_EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: 'kurrentdb+discover://kim:secret@es.example:2113?tls=true',
      };
      expect(() => loadConfig(env)).toThrow(
        'EVENTSTORE_CONNECTION_STRING: kurrentdb+discover:// needs the KurrentDB client; the installed @eventstore/db-client accepts esdb:// and esdb+discover:// only — write esdb+discover://***@es.example:2113?tls=true',
      );
    });
  });

  describe('how the embedded store makes a commit durable (KIM_COMMIT_SYNC)', () => {
    it('is inside the commit unless the county chooses the off-loop sync', () => {
      expect(loadConfig({}).eventStore).toEqual({ driver: 'sqlite', commitSync: 'inline' });
      expect(loadConfig({ KIM_COMMIT_SYNC: 'off-loop' }).eventStore).toEqual({
        driver: 'sqlite',
        commitSync: 'off-loop',
      });
    });
  });

  describe('when a value is wrong', () => {
    it.each([
      [{ KIM_EVENT_STORE: 'postgres' }, /KIM_EVENT_STORE must be one of sqlite, esdb, got "postgres"/],
      [{ KIM_EVENT_STORE: 'esdb' }, /EVENTSTORE_CONNECTION_STRING is required/],
      [{ KIM_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'localhost:2113' }, /must start with esdb:\/\//],
      [{ KIM_READ_STORE: 'mongo', MONGODB_URI: 'mongodb://' }, /names no host|not a valid/],
      [{ KIM_READ_STORE: 'mongo', MONGODB_URI: 'http://u:secret@x' }, /must start with mongodb/],
      [{ PORT: 'eighty' }, /PORT must be an integer/],
      [{ KIM_MASTER_KEY: 'c2hvcnQ=' }, /KIM_MASTER_KEY must be 32 bytes/],
      [{ OIDC_ISSUER: 'https://idp.example' }, /OIDC_AUDIENCE is required/],
      [{ KIM_PROJECTIONS_IN: 'thread' }, /KIM_PROJECTIONS_IN must be one of auto, worker, main, got "thread"/],
      [{ KIM_COMMIT_SYNC: 'async' }, /KIM_COMMIT_SYNC must be one of inline, off-loop, got "async"/],
      [
        { KIM_COMMIT_SYNC: 'off-loop', KIM_EVENT_STORE: 'esdb', EVENTSTORE_CONNECTION_STRING: 'esdb://es1:2113' },
        /KIM_COMMIT_SYNC applies to the embedded event store only/,
      ],
      [
        { KIM_PROJECTIONS_IN: 'worker', KIM_READ_STORE: 'mongo', MONGODB_URI: 'mongodb://m1:27017/kim' },
        /KIM_PROJECTIONS_IN=worker needs the embedded event and read stores/,
      ],
    ])('%j fails with one clear line', (env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
    });

    it('accepts cluster connection strings with several hosts', () => {
      const config = loadConfig({
        KIM_EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://es1:2113,es2:2113,es3:2113?tls=false',
        KIM_READ_STORE: 'mongo',
        MONGODB_URI: 'mongodb://user:pw@m1:27017,m2:27017,m3:27017/kim?replicaSet=rs0',
      });
      expect(config.eventStore.driver).toBe('esdb');
      expect(config.readStore.driver).toBe('mongo');
    });

    it('never echoes a password from a connection string', () => {
      expect(() => loadConfig({ KIM_READ_STORE: 'mongo', MONGODB_URI: 'http://u:secret@x' })).toThrow(/\*\*\*@x/);
    });
  });
});
