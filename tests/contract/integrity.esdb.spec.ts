import { openEsdbEventStore } from '../../src/event-store/esdb/esdb-event-store.js';
import { integrityContract } from './integrity.contract.js';

// Runs against a real EventStoreDB (e.g. `docker compose up eventstore` and
// EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false); reported as skipped otherwise.
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

integrityContract(
  'EventStoreDB',
  () => openEsdbEventStore(connectionString!),
  connectionString ? {} : { skip: 'EVENTSTORE_CONNECTION_STRING not set' },
);
