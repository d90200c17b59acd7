import type { Logger } from '../../logger.ts';
import type { SupplyServices } from '../service/SupplyServices.ts';

/** The Hono environment of the supply API: the services, who is calling, and the parsed JSON body. */
export type SupplyEnv = {
  Variables: {
    supply: SupplyServices;
    logger: Logger;
    /** The caller's subject (`Practitioner/…` or a client id), for logs; set by `supplyAccess`. */
    subject: string;
    /** The parsed JSON body of a POST or PUT (`supplyJsonBody`). */
    body: unknown;
  };
};
