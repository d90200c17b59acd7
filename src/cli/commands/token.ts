import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { type Address, getAddress, isAddress } from 'viem';
import { loadNodeKey } from '../../auth/NodeKey.ts';
import { ConfigError, loadConfig } from '../../config.ts';
import {
  DEFAULT_CLIENT_SCOPES,
  DEFAULT_PATIENT_SCOPES,
  DEFAULT_PRACTITIONER_SCOPES,
  issueNodeToken,
  type NodeTokenSubject,
} from '../../node/issueNodeToken.ts';
import { readNodeInfo } from '../../node/nodeInfoFile.ts';

type TokenCliOptions = {
  data?: string;
  practitioner?: string;
  patient?: string;
  client?: string;
  scope?: string;
  address?: Address;
  ttl?: number;
  audience?: string;
  json?: boolean;
};

const parseAddress = (value: string): Address => {
  if (!isAddress(value, { strict: false })) throw new InvalidArgumentError('must be a 0x… Ethereum address');
  return getAddress(value);
};

const parsePatientId = (value: string): string => {
  const id = value.startsWith('Patient/') ? value.slice('Patient/'.length) : value;
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) throw new InvalidArgumentError('must be a FHIR Patient id');
  return id;
};

const parseTtl = (value: string): number => {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
    throw new InvalidArgumentError('must be 1..86400 seconds');
  return seconds;
};

/**
 * `caduceus token`: prints a bearer token for a node's FHIR API, signed by the node key, for scripts and tests.
 * The audience is the FHIR base URL the node published at its last start (`<data>/node.json`), so a token works
 * against a node started on any port; `--address` is the practitioner's on-chain identity patients grant to.
 */
export function registerTokenCommand(program: Command): void {
  program
    .command('token')
    .description("print a bearer token for a node's FHIR API (practitioner, patient or system client)")
    .option('--data <dir>', 'node data directory (default: CADUCEUS_DATA_DIR or .caduceus)')
    .option('--practitioner <id>', 'a practitioner: the token is for Practitioner/<id>')
    .option(
      '--patient <id>',
      "a patient's app: the token is for Patient/<id>, confined to that patient (SMART patient claim)",
      parsePatientId,
    )
    .option('--client <id>', 'a system client (client-credentials style token with system/ scopes)')
    .option(
      '--scope <scopes>',
      `SMART scopes (default: ${DEFAULT_PRACTITIONER_SCOPES}; ${DEFAULT_PATIENT_SCOPES} with --patient; ${DEFAULT_CLIENT_SCOPES} with --client)`,
    )
    .option(
      '--address <0x…>',
      "the practitioner's Ethereum address (the grantee of patients' consent)",
      parseAddress,
    )
    .option('--ttl <seconds>', 'lifetime (default 3600, at most 86400)', parseTtl)
    .option('--audience <url>', "the FHIR base URL (default: the node's, from <data>/node.json)")
    .option('--json', 'print the OAuth2 token response as JSON instead of the bare token')
    .action((options: TokenCliOptions) => {
      const subjects = [options.practitioner, options.patient, options.client].filter(Boolean);
      if (subjects.length !== 1)
        throw new InvalidArgumentError('Give exactly one of --practitioner, --patient or --client <id>');
      if (options.address && !options.practitioner)
        throw new InvalidArgumentError('--address is the practitioner’s; it needs --practitioner');
      const config = loadConfig(
        options.data ? { ...process.env, CADUCEUS_DATA_DIR: options.data } : process.env,
      );
      const dataDir = resolve(config.dataDir);
      if (!existsSync(config.privateKeyFile)) {
        throw new ConfigError(`No node key at ${config.privateKeyFile}`, {
          details: [`Start the node once (caduceus start --data ${dataDir}) to create its keys.`],
        });
      }
      const audience =
        options.audience ??
        readNodeInfo(dataDir)?.fhirBaseUrl ??
        `${config.publicUrl ?? `http://${config.apiHost}:${config.apiPort}`}/fhir/R4`;
      const common = { audience, ...(options.ttl === undefined ? {} : { ttlSeconds: options.ttl }) };
      const subject: NodeTokenSubject = options.practitioner
        ? {
            practitioner: options.practitioner,
            scopes: options.scope ?? DEFAULT_PRACTITIONER_SCOPES,
            address: options.address,
          }
        : options.patient
          ? { patient: options.patient, scopes: options.scope ?? DEFAULT_PATIENT_SCOPES }
          : { client: options.client ?? '', scopes: options.scope ?? DEFAULT_CLIENT_SCOPES };
      const issued = issueNodeToken({ ...subject, ...common }, loadNodeKey(config.privateKeyFile));
      if (!options.json) {
        console.log(issued.token);
        return;
      }
      const response = {
        access_token: issued.token,
        token_type: 'Bearer',
        expires_in: issued.expiresIn,
        scope: issued.claims.scope,
      };
      console.log(JSON.stringify(response, null, 2));
    });
}
