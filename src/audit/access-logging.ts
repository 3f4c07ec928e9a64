import { Logger, ServiceUnavailableException } from '@nestjs/common';
import type { AccessLog, AccessRecord } from '../access/access-log.js';

const logger = new Logger('access-log');

/**
 * Product rule 4, failing closed: the access is logged before the answer leaves, and when the log
 * cannot be written the read is refused with 503 (the client may retry) instead of a bare 500.
 */
export async function logBeforeAnswering(accessLog: AccessLog, record: AccessRecord): Promise<void> {
  try {
    await accessLog.recordAccess(record);
  } catch (error) {
    logger.error(`access log not written, read refused: ${error instanceof Error ? error.message : String(error)}`);
    throw new ServiceUnavailableException(
      'the access log cannot be written, so no personal data are served; try again later',
      {
        cause: error,
      },
    );
  }
}
