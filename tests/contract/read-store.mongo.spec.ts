import { openMongoReadStore } from '../../src/read-store/mongo/mongo-read-store.js';
import { readStoreContract } from './read-store.contract.js';

// Runs against a real MongoDB replica set (transactions need one), e.g. `docker compose up mongo` and
// MONGODB_URI=mongodb://localhost:27017/?replicaSet=rs0&directConnection=true; reported as skipped otherwise.
const uri = process.env.MONGODB_URI;

readStoreContract(
  'MongoDB',
  () => openMongoReadStore(uri!, { dbName: process.env.MONGODB_TEST_DB ?? 'kim_contract' }),
  uri ? {} : { skip: 'MONGODB_URI not set' },
);
