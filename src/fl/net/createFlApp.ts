import { Hono } from 'hono';
import { type Address, type Hex, isAddressEqual } from 'viem';
import { z } from 'zod';
import type { Authenticate } from '../../api/Authenticate.ts';
import { outcomeResponse } from '../../api/fhirResponse.ts';
import { platformScopeAccess } from '../../api/platformScopeAccess.ts';
import { verifiedMemberRequest } from '../../api/verifiedMemberRequest.ts';
import type { MemberRequestVerification } from '../../auth/verifyMemberRequest.ts';
import { operationOutcome, outcomes } from '../../fhir/operationOutcome.ts';
import type { Logger } from '../../logger.ts';
import { PrivacyBudgetExceededError } from '../flErrors.ts';
import { FlJobFailedError, type FlJobState } from './FlCoordinator.ts';
import { flJobSpecSchema } from './FlJobSpec.ts';
import { type FlSite, FlSiteRefusedError } from './FlSite.ts';

/** Where the federated-learning API is mounted on a node. */
export const FL_BASE_PATH = '/fl/v1';

/** The largest message between nodes (a masked 100k-parameter update is ~0.5 MiB in base64). */
const MAX_BODY = 16 * 1024 * 1024;

type FlEnv = { Variables: { subject: string } };

const hex32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/) as unknown as z.ZodType<Hex>;
const base64 = z
  .string()
  .max(MAX_BODY)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/);
const round = z.number().int().min(1).max(100);
const keys = z
  .object({ site: z.number().int().min(1), encryptionPublicKey: base64, maskingPublicKey: base64 })
  .strict();
const shares = z
  .object({ from: z.number().int().min(1), to: z.number().int().min(1), ciphertext: base64 })
  .strict();
const siteMessages = {
  offer: z
    .object({ jobId: hex32, spec: flJobSpecSchema, completedRounds: z.number().int().min(0).max(100) })
    .strict(),
  begin: z
    .object({
      jobId: hex32,
      round,
      parameters: base64,
      secure: z
        .object({
          site: z.number().int().min(1),
          siteCount: z.number().int().min(1),
          threshold: z.number().int().min(1),
        })
        .strict()
        .optional(),
    })
    .strict(),
  shares: z.object({ jobId: hex32, round, roster: z.array(keys).max(50) }).strict(),
  masked: z.object({ jobId: hex32, round, shares: z.array(shares).max(50) }).strict(),
  unmask: z
    .object({
      jobId: hex32,
      round,
      request: z
        .object({ survivors: z.array(z.number().int()).max(50), dropped: z.array(z.number().int()).max(50) })
        .strict(),
    })
    .strict(),
  evaluate: z.object({ jobId: hex32, parameters: base64 }).strict(),
};

/** What the FL API needs: this node's site, its coordinator's jobs, and how callers are checked. */
export type FlAppOptions = {
  site: FlSite;
  jobs: {
    start(spec: z.infer<typeof flJobSpecSchema>): Promise<FlJobState>;
    job(jobId: string): FlJobState | undefined;
    jobs(): FlJobState[];
  };
  publicOrigin: string;
  verification: MemberRequestVerification;
  authenticate: Authenticate;
  logger: Logger;
};

/** A job's state as the API shows it: everything but the parameters. */
const summary = ({ parameters: _, ...state }: FlJobState) => state;

/**
 * The federated-learning API at `FL_BASE_PATH`. `POST /site/<phase>`: the messages a coordinator node sends this
 * node's site, signed by the coordinator's node (RFC 9421, checked against the registry; after the offer only the
 * job's coordinator may drive it). `POST /jobs` (scope `FederatedJob.c`) starts a job coordinated here; `GET /jobs`
 * and `GET /jobs/:id` (`FederatedJob.rs`) show jobs and their rounds. Errors are OperationOutcomes.
 */
export function createFlApp(options: FlAppOptions): Hono<FlEnv> {
  const { site, logger } = options;
  const app = new Hono<FlEnv>();
  app.onError((error) => {
    if (error instanceof FlSiteRefusedError || error instanceof PrivacyBudgetExceededError)
      return outcomeResponse(outcomes.conflict(error.shortMessage));
    if (error instanceof FlJobFailedError) return outcomeResponse(outcomes.invalid(error.shortMessage));
    logger.error('federated-learning request failed', { error: String(error).slice(0, 300) });
    return outcomeResponse(operationOutcome(500, { code: 'exception', diagnostics: 'Internal error' }));
  });

  const signed = <K extends keyof typeof siteMessages>(
    phase: K,
    handle: (body: z.infer<(typeof siteMessages)[K]>, member: Address) => Promise<unknown> | unknown,
  ) =>
    app.post(`/site/${phase}`, async (c) => {
      const text = await c.req.text();
      if (text.length > MAX_BODY) return outcomeResponse(outcomes.tooLarge(MAX_BODY));
      const verified = await verifiedMemberRequest(c, text, options);
      if (verified instanceof Response) return verified;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        return outcomeResponse(outcomes.invalid('The body is not JSON'));
      }
      const parsed = siteMessages[phase].safeParse(json);
      if (!parsed.success)
        return outcomeResponse(
          outcomes.invalid(
            `Invalid ${phase} message: ${parsed.error.issues[0]?.message ?? 'schema mismatch'}`,
          ),
        );
      const body = parsed.data as z.infer<(typeof siteMessages)[K]>;
      if (phase !== 'offer') {
        const coordinator = site.coordinatorOf((body as { jobId: Hex }).jobId);
        if (!coordinator)
          return outcomeResponse(
            operationOutcome(404, {
              code: 'not-found',
              diagnostics: 'No accepted job with this id at this site',
            }),
          );
        if (!isAddressEqual(coordinator, verified.member))
          return outcomeResponse(outcomes.forbidden("Only the job's coordinator may drive it"));
      }
      return c.json((await handle(body, verified.member)) as object);
    });

  signed('offer', (b, member) => site.offer(b.jobId, b.spec, member, b.completedRounds));
  signed('begin', (b) => site.begin(b.jobId, b.round, b.parameters, b.secure));
  signed('shares', (b) => site.shares(b.jobId, b.round, b.roster));
  signed('masked', (b) => site.masked(b.jobId, b.round, b.shares));
  signed('unmask', (b) => site.unmask(b.jobId, b.round, b.request));
  signed('evaluate', (b) => site.evaluate(b.jobId, b.parameters));

  app.post('/jobs', platformScopeAccess<FlEnv>(options.authenticate, 'FederatedJob', 'create'), async (c) => {
    let json: unknown;
    try {
      json = await c.req.json();
    } catch {
      return outcomeResponse(outcomes.invalid('The body is not JSON'));
    }
    const parsed = flJobSpecSchema.safeParse(json);
    if (!parsed.success)
      return outcomeResponse(
        outcomes.invalid(
          `Invalid job: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`,
        ),
      );
    const state = await options.jobs.start(parsed.data);
    return c.json(summary(state), 202, { Location: `${FL_BASE_PATH}/jobs/${state.jobId}` });
  });
  app.get('/jobs', platformScopeAccess<FlEnv>(options.authenticate, 'FederatedJob', 'search'), (c) =>
    c.json({ jobs: options.jobs.jobs().map(summary) }),
  );
  app.get('/jobs/:id', platformScopeAccess<FlEnv>(options.authenticate, 'FederatedJob', 'read'), (c) => {
    const state = options.jobs.job(c.req.param('id'));
    return state
      ? c.json(summary(state))
      : outcomeResponse(
          operationOutcome(404, { code: 'not-found', diagnostics: 'No federated job with this id here' }),
        );
  });
  app.notFound((c) =>
    outcomeResponse(
      operationOutcome(404, {
        code: 'not-found',
        diagnostics: `No federated-learning interaction at ${c.req.method} ${new URL(c.req.url).pathname}`,
      }),
    ),
  );
  return app;
}
