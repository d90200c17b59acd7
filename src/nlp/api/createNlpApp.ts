import { Hono } from 'hono';
import type { Authenticate } from '../../api/Authenticate.ts';
import { accessContextMiddleware } from '../../api/accessContextMiddleware.ts';
import { errorHandler } from '../../api/errorHandler.ts';
import type { FhirEnv } from '../../api/FhirEnv.ts';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { operationOutcome } from '../../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import type { DeidTagger } from '../deid/DeidTagger.ts';
import { notesHandler } from './notesHandler.ts';

/** Where the clinical-text API is mounted on a node. */
export const NLP_BASE_PATH = '/nlp/v1';

/** Notes are short; a larger body is refused (413) before it is read whole. */
export const DEFAULT_NOTE_MAX_BYTES = 256 * 1024;

/** What the clinical-text API is built from. */
export type NlpAppOptions = {
  records: RecordService;
  authenticate: Authenticate;
  /** The de-identification tagger; without it only the rules de-identify (names are then missed). */
  tagger: DeidTagger | undefined;
  maxBodyBytes?: number;
  logger?: Logger;
};

/**
 * The clinical-text API (mount at `NLP_BASE_PATH`): `POST /notes` behind the node's bearer authentication and
 * `X-Purpose-Of-Use` (401/400 otherwise). Every error is an OperationOutcome with its status; note text is
 * never logged.
 */
export function createNlpApp(options: NlpAppOptions): Hono<FhirEnv> {
  const logger = options.logger ?? silentLogger;
  const app = new Hono<FhirEnv>();
  app.onError(errorHandler(logger));
  app.notFound((c) =>
    outcomeResponse(
      operationOutcome(404, {
        code: 'not-found',
        diagnostics: `No NLP interaction at ${c.req.method} ${new URL(c.req.url).pathname}`,
      }),
    ),
  );
  app.post(
    '/notes',
    accessContextMiddleware(options.authenticate),
    notesHandler({
      records: options.records,
      tagger: options.tagger,
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_NOTE_MAX_BYTES,
    }),
  );
  return app;
}
