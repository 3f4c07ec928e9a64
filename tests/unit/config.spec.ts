import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  describe('when nothing is set', () => {
    it('runs on the embedded stores on port 3000 with local identity', () => {
      const config = loadConfig({});
      expect(config.port).toBe(3000);
      expect(config.eventStore).toEqual({ driver: 'sqlite' });
      expect(config.readStore).toEqual({ driver: 'sqlite' });
      expect(config.identity).toEqual({ mode: 'local' });
      expect(config.catalogue.caseloadLimit).toBe(80);
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
