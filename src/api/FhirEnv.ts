import type { Logger } from '../logger.ts';
import type { AccessContext } from '../records/service/AccessPolicy.ts';
import type { RecordService } from '../records/service/RecordService.ts';

/** The Hono environment of the FHIR routes: what the middleware establishes before a handler runs. */
export type FhirEnv = {
  Variables: {
    service: RecordService;
    logger: Logger;
    /** Who asks and why; set by the authentication and purpose-of-use middleware. */
    access: AccessContext;
    /** The parsed JSON body of a POST or PUT (after the size limit and content-type checks). */
    body: unknown;
  };
};
