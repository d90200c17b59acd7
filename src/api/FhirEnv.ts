import type { PatientAccessList } from '../audit/PatientAccessList.ts';
import type { RiskFhirOperations } from '../clinical/risk/RiskFhirOperations.ts';
import type { ConsentFhirOperations } from '../consent/ConsentFhirOperations.ts';
import type { Logger } from '../logger.ts';
import type { BinaryAttachments } from '../records/attachments/BinaryAttachments.ts';
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
    /** Consent over FHIR from on-chain grants, when the node provides it (`Consent/$draft`, `$submit`, …). */
    consent: ConsentFhirOperations | undefined;
    /** The patient's access list (`AuditEvent?patient=`), when the node provides it. */
    accessList: PatientAccessList | undefined;
    /** Streamed Binary attachments (native-content upload and download), when the node provides them. */
    binaries: BinaryAttachments | undefined;
    /** Explained risk predictions (`RiskAssessment/$predict`, `$recompute`, `$outcome`, `$monitor`), when served. */
    risk: RiskFhirOperations | undefined;
  };
};
