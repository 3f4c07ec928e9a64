import type { Provider, Type } from '@nestjs/common';
import { GrantConsentHandler, WithdrawConsentHandler } from './consents/consent-commands.js';
import { ConsentsController } from './consents/consents.controller.js';
import { ListConsentsHandler } from './consents/list-consents.js';
import { DeputyGrantsController, GrantDeputyAccessHandler } from './deputy-grants/grant-deputy-access.js';
import { PersonFileRepository } from './person-file.repository.js';
import { PersonsController } from './registration/persons.controller.js';
import { ReadPersonHandler } from './registration/read-person.js';
import { RegisterPersonHandler } from './registration/register-person.js';
import { DuplicateCheckHandler } from './registration/duplicate-check.js';
import { UpdatePersonHandler } from './registration/update-person.js';
import { RecordParticipationHandler, WithdrawParticipationHandler } from './registration/withdraw-participation.js';
import { NameIndex } from '../personal-data/name-index.js';
import { ListTransfersHandler } from './transfers/list-transfers.js';
import {
  AcknowledgeTransferHandler,
  ApproveTransferHandler,
  RejectTransferHandler,
  TransferDataHandler,
} from './transfers/transfer-commands.js';
import { TransfersController } from './transfers/transfers.controller.js';
import { ListCaseReferralsHandler } from './referrals/list-referrals.js';
import { GiveReferralFeedbackHandler, MakeReferralHandler } from './referrals/referral-commands.js';
import { ReferralsController } from './referrals/referrals.controller.js';

/** The person file's HTTP edge and its command and query handlers, for AppModule. */
export const PERSON_FILE_CONTROLLERS: Type[] = [
  PersonsController,
  ConsentsController,
  TransfersController,
  ReferralsController,
  DeputyGrantsController,
];

export const PERSON_FILE_PROVIDERS: Provider[] = [
  PersonFileRepository,
  RegisterPersonHandler,
  ReadPersonHandler,
  UpdatePersonHandler,
  WithdrawParticipationHandler,
  RecordParticipationHandler,
  DuplicateCheckHandler,
  NameIndex,
  GrantConsentHandler,
  WithdrawConsentHandler,
  ListConsentsHandler,
  TransferDataHandler,
  ApproveTransferHandler,
  RejectTransferHandler,
  AcknowledgeTransferHandler,
  ListTransfersHandler,
  MakeReferralHandler,
  GiveReferralFeedbackHandler,
  ListCaseReferralsHandler,
  GrantDeputyAccessHandler,
];
