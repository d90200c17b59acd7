import type { Encounter, Flag, Observation } from '@medplum/fhirtypes';
import {
  readVentricularRunFindings,
  type VentricularRunFindings,
} from '../../ecg/readVentricularRunFindings.ts';
import { outcomes } from '../../fhir/operationOutcome.ts';
import { type Logger, silentLogger } from '../../logger.ts';
import type { Notifier } from '../../notify/Notifier.ts';
import type { AccessContext } from '../../records/service/AccessPolicy.ts';
import { FhirOutcomeError } from '../../records/service/errors.ts';
import type { RecordService } from '../../records/service/RecordService.ts';
import { news2Score } from '../rules/news2.ts';
import { AlertEpisodes } from './AlertEpisodes.ts';
import type { AlertRecipient } from './careTeamMessage.ts';
import { acknowledgedFlag } from './earlyWarningFlag.ts';
import {
  DEFAULT_THRESHOLDS,
  type EscalationLevel,
  type EscalationThresholds,
  escalationLevel,
} from './escalationLevel.ts';
import type { CommittedWrite } from './observeRecordWrites.ts';
import { PatientVitals } from './PatientVitals.ts';
import { raiseAlert } from './raiseAlert.ts';
import { raiseVentricularRunAlert } from './raiseVentricularRunAlert.ts';
import { readVitalSigns } from './readVitalSigns.ts';
import { TrajectoryAnomaly, type TrajectoryAnomalyOptions } from './TrajectoryAnomaly.ts';
import {
  ALERT_ACKNOWLEDGED,
  ALERT_RAISED,
  VITALS_ALERT_TOPIC,
  type VitalsAlert,
  type VitalsAssessment,
} from './VitalsAlert.ts';
import type { VersionReader } from './vaultVersionReader.ts';
import { VitalsMonitorStoppedError } from './vitalsErrors.ts';

/** What the monitor is built from, and its clinical settings. */
export type VitalsMonitorOptions = {
  records: RecordService;
  /** Reads the Observation a write committed (and an Encounter for its participants). */
  readVersion: VersionReader;
  notifier: Notifier;
  thresholds?: Partial<EscalationThresholds>;
  /** Duplicate suppression after an acknowledged alert at the same level (default 60 min). */
  suppressWindowMs?: number;
  /** How much older than the newest reading a reading may be and still complete a set (default 60 min). */
  maxSetAgeMs?: number;
  anomaly?: TrajectoryAnomalyOptions;
  /** Who is told when the Encounter names no participants (a `CareTeam/…` or `Practitioner/…`). */
  careTeam?: readonly AlertRecipient[];
  /** Alerts on runs of ventricular beats in stored ECG Observations (default: runs of 3 or more, `urgent`). */
  ventricularRun?: { minRunBeats?: number; level?: EscalationLevel };
  /** The identity the monitor writes as (default: system client `caduceus-vitals-monitor`). */
  identity?: AccessContext;
  now?: () => number;
  logger?: Logger;
};

type PatientState = {
  vitals: PatientVitals;
  anomaly: TrajectoryAnomaly;
  latest: VitalsAssessment | undefined;
};

/** The monitor's default identity: a system client allowed to create Flags and Communications and update Flags. */
export const VITALS_MONITOR_IDENTITY: AccessContext = {
  subject: 'caduceus-vitals-monitor',
  purposeOfUse: 'TREAT',
  scopes: ['system/Flag.cu', 'system/Communication.c'],
};

/**
 * The "digital secretary": watches vital-sign Observations as they are committed, keeps each patient's latest
 * set, scores NEWS2 (with its reasoning chain) and a trajectory anomaly, and when NEWS2 crosses the escalation
 * threshold raises one alert per episode (`AlertEpisodes`): a Flag and a Communication written through the
 * record service, then pushed to subscribers (`Notifier`: SSE and webhooks). Work is queued per patient, so a
 * patient's readings are scored in arrival order while patients proceed independently; the request that wrote
 * the vital never waits for it. A nurse's `acknowledge` updates the Flag as that nurse (audited).
 */
export class VitalsMonitor {
  readonly #o: VitalsMonitorOptions;
  readonly #thresholds: EscalationThresholds;
  readonly #episodes: AlertEpisodes;
  /** Ventricular runs are their own episodes: an open NEWS2 alert must not hide one, nor the reverse. */
  readonly #runEpisodes: AlertEpisodes;
  readonly #patients = new Map<string, PatientState>();
  readonly #queues = new Map<string, Promise<void>>();
  readonly #alerts = new Map<string, { alert: VitalsAlert; flag: Flag }>();
  readonly #now: () => number;
  readonly #logger: Logger;
  #stopped = false;
  #processed = 0;

  constructor(options: VitalsMonitorOptions) {
    this.#o = options;
    this.#thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
    this.#episodes = new AlertEpisodes(options.suppressWindowMs ?? 60 * 60_000);
    this.#runEpisodes = new AlertEpisodes(options.suppressWindowMs ?? 60 * 60_000);
    this.#now = options.now ?? Date.now;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Observations scored so far (metrics, benchmarks). */
  get processed(): number {
    return this.#processed;
  }

  /** For `observeRecordWrites`: queues a committed Observation for scoring and returns at once. */
  observe(write: CommittedWrite): void {
    if (this.#stopped || write.resourceType !== 'Observation') return;
    const patient = write.patients[0];
    if (patient === undefined) return;
    this.#enqueue(patient, async () => {
      const observation = await this.#o.readVersion('Observation', write.id, write.versionId);
      return observation as Observation | undefined;
    });
  }

  /** Scores one Observation directly (tests, the simulator without a vault); resolves with the assessment, if any. */
  submit(observation: Observation): Promise<VitalsAssessment | undefined> {
    const patient = observation.subject?.reference;
    if (this.#stopped) return Promise.reject(new VitalsMonitorStoppedError('The vitals monitor is stopped'));
    if (patient === undefined || !patient.startsWith('Patient/')) return Promise.resolve(undefined);
    return this.#enqueue(patient, async () => observation);
  }

  /** The patient's latest assessment (a complete set was scored), if any. */
  latest(patient: string): VitalsAssessment | undefined {
    return this.#patients.get(patient)?.latest;
  }

  /** Every alert raised since start, newest first; `open` keeps the unacknowledged ones. */
  alerts(options: { open?: boolean } = {}): VitalsAlert[] {
    const all = [...this.#alerts.values()].map((entry) => entry.alert).reverse();
    return options.open ? all.filter((alert) => alert.acknowledged === undefined) : all;
  }

  /**
   * A nurse acknowledges an alert: the Flag becomes inactive with who and when, written as the nurse through the
   * record service (so the update is authorised by the nurse's token and audited), and subscribers are told.
   * Unknown alerts are a 404, an acknowledged one a 409, a caller that is not a practitioner a 403.
   */
  async acknowledge(ctx: AccessContext, alertId: string): Promise<VitalsAlert> {
    if (!ctx.subject.startsWith('Practitioner/'))
      throw new FhirOutcomeError(
        outcomes.forbidden('Only a practitioner (the nurse) can acknowledge an alert'),
      );
    const entry = this.#alerts.get(alertId);
    if (!entry) throw new FhirOutcomeError(outcomes.notFound('Flag', alertId));
    if (entry.alert.acknowledged)
      throw new FhirOutcomeError(outcomes.conflict(`Alert ${alertId} was already acknowledged`));
    const at = new Date(this.#now()).toISOString();
    const written = await this.#o.records.update(
      ctx,
      'Flag',
      alertId,
      acknowledgedFlag(entry.flag, ctx.subject, at),
      {
        ifMatch: `W/"${entry.alert.flagVersion}"`,
      },
    );
    const alert: VitalsAlert = {
      ...entry.alert,
      flagVersion: written.versionId,
      acknowledged: { by: ctx.subject, at },
    };
    this.#alerts.set(alertId, { alert, flag: written.resource as Flag });
    this.#episodes.acknowledged(alert.patient, alertId);
    this.#runEpisodes.acknowledged(alert.patient, alertId);
    this.#o.notifier.publish(VITALS_ALERT_TOPIC, ALERT_ACKNOWLEDGED, alert);
    return alert;
  }

  /** Resolves when every queued Observation has been scored (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.#queues.size > 0) await Promise.all([...this.#queues.values()]);
  }

  /** Takes no new work and waits for the queued work to finish. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  #enqueue(
    patient: string,
    load: () => Promise<Observation | undefined>,
  ): Promise<VitalsAssessment | undefined> {
    const previous = this.#queues.get(patient) ?? Promise.resolve();
    const result = previous.then(async () => {
      const observation = await load();
      return observation ? this.#process(patient, observation) : undefined;
    });
    const settled = result.then(
      () => undefined,
      (error: unknown) => {
        // Ids only: the error may quote the resource.
        this.#logger.error('vitals scoring failed', {
          patient,
          error: error instanceof Error ? error.name : 'unknown',
        });
      },
    );
    this.#queues.set(patient, settled);
    void settled.then(() => {
      if (this.#queues.get(patient) === settled) this.#queues.delete(patient);
    });
    return result;
  }

  #state(patient: string): PatientState {
    let state = this.#patients.get(patient);
    if (!state) {
      state = {
        vitals: new PatientVitals(this.#o.maxSetAgeMs ?? 60 * 60_000),
        anomaly: new TrajectoryAnomaly(this.#o.anomaly),
        latest: undefined,
      };
      this.#patients.set(patient, state);
    }
    return state;
  }

  async #process(patient: string, observation: Observation): Promise<VitalsAssessment | undefined> {
    const runs = readVentricularRunFindings(observation);
    if (runs) await this.#ventricularRun(patient, observation, runs);
    const readings = readVitalSigns(observation);
    if (readings.length === 0) return undefined;
    const state = this.#state(patient);
    let changed = false;
    for (const reading of readings) {
      if (!state.vitals.record(reading)) continue;
      changed = true;
      if (reading.parameter !== 'onOxygen' && reading.parameter !== 'consciousness')
        state.anomaly.observe(reading.parameter, reading.value);
    }
    this.#processed += 1;
    if (!changed) return undefined;
    const set = state.vitals.current();
    if ('missing' in set) return undefined;
    const news2 = news2Score(set.vitals);
    const assessment: VitalsAssessment = {
      patient,
      takenAt: new Date(set.at).toISOString(),
      news2,
      anomaly: state.anomaly.score(),
      sources: set.sources,
      trigger: `Observation/${observation.id ?? ''}`,
      level: escalationLevel(news2, this.#thresholds),
    };
    state.latest = assessment;
    if (assessment.level) await this.#escalate(assessment, observation);
    return assessment;
  }

  async #escalate(assessment: VitalsAssessment, observation: Observation): Promise<void> {
    const level = assessment.level;
    if (!level) return;
    const now = this.#now();
    const decision = this.#episodes.decide(assessment.patient, level, now);
    if (!decision.raise) {
      this.#logger.debug('alert suppressed', { patient: assessment.patient, reason: decision.reason });
      return;
    }
    const encounter = observation.encounter?.reference;
    const raised = await raiseAlert({
      records: this.#o.records,
      ctx: this.#o.identity ?? VITALS_MONITOR_IDENTITY,
      assessment,
      level,
      recipients: await this.#recipients(encounter),
      encounter,
      now: new Date(now).toISOString(),
    });
    this.#alerts.set(raised.alert.id, raised);
    this.#episodes.raised(assessment.patient, raised.alert.id, level, now);
    this.#o.notifier.publish(VITALS_ALERT_TOPIC, ALERT_RAISED, raised.alert);
    this.#logger.info('vitals alert raised', { alert: raised.alert.id, level, reason: decision.reason });
  }

  /** An analysed ECG with a long enough run of V beats raises one alert per episode (its own episodes). */
  async #ventricularRun(
    patient: string,
    observation: Observation,
    findings: VentricularRunFindings,
  ): Promise<void> {
    const minRunBeats = this.#o.ventricularRun?.minRunBeats ?? 3;
    if (findings.longestBeats < minRunBeats) return;
    const level = this.#o.ventricularRun?.level ?? 'urgent';
    const now = this.#now();
    const decision = this.#runEpisodes.decide(patient, level, now);
    if (!decision.raise) {
      this.#logger.debug('ventricular-run alert suppressed', { patient, reason: decision.reason });
      return;
    }
    const encounter = observation.encounter?.reference;
    const raised = await raiseVentricularRunAlert({
      records: this.#o.records,
      ctx: this.#o.identity ?? VITALS_MONITOR_IDENTITY,
      patient,
      ecg: `Observation/${observation.id ?? ''}`,
      findings,
      minRunBeats,
      level,
      recipients: await this.#recipients(encounter),
      encounter,
      now: new Date(now).toISOString(),
    });
    this.#alerts.set(raised.alert.id, raised);
    this.#runEpisodes.raised(patient, raised.alert.id, level, now);
    this.#o.notifier.publish(VITALS_ALERT_TOPIC, ALERT_RAISED, raised.alert);
    this.#logger.info('ventricular-run alert raised', {
      alert: raised.alert.id,
      level,
      reason: decision.reason,
    });
  }

  /** The Encounter's participants (the responsible care team), else the configured care team. */
  async #recipients(encounter: string | undefined): Promise<AlertRecipient[]> {
    const [type, id] = encounter?.split('/') ?? [];
    if (type === 'Encounter' && id) {
      const found = (await this.#o.readVersion('Encounter', id)) as Encounter | undefined;
      const people = (found?.participant ?? []).flatMap((p) =>
        p.individual?.reference ? [p.individual] : [],
      );
      if (people.length > 0) return people.map((p) => ({ reference: p.reference as string }));
    }
    return [...(this.#o.careTeam ?? [])];
  }
}
