import type { News2Result } from '../rules/news2.ts';
import type { EscalationLevel } from './escalationLevel.ts';
import type { TrajectoryAnomalyScore } from './TrajectoryAnomaly.ts';

/** One scoring of a patient's current vital set: NEWS2 with its reasoning, the trajectory anomaly, the escalation. */
export type VitalsAssessment = {
  /** `Patient/<id>`. */
  patient: string;
  /** When the newest reading of the set was taken (ISO 8601). */
  takenAt: string;
  news2: News2Result;
  anomaly: TrajectoryAnomalyScore;
  /** The Observations the set was read from. */
  sources: readonly string[];
  /** The Observation whose arrival produced this assessment. */
  trigger: string;
  level: EscalationLevel | undefined;
};

/** A raised alert as subscribers and the acknowledgement API see it: references and scores, no clinical values. */
export type VitalsAlert = {
  /** The Flag's id (what `POST /alerts/v1/:id/ack` takes). */
  id: string;
  patient: string;
  level: EscalationLevel;
  /** What raised it: absent for a NEWS2 escalation, `ventricular-run` for a run of V beats on an ECG. */
  kind?: 'ventricular-run';
  /** NEWS2 alerts only. */
  news2Score?: number;
  /** NEWS2 alerts only. */
  risk?: News2Result['risk'];
  /** NEWS2 alerts only. */
  anomalyScore?: number;
  /** Ventricular-run alerts only: the ECG's runs and the longest. */
  ventricularRun?: { runs: number; longestBeats: number };
  /** The conclusions of the reasoning chain ("respiration rate: 3", "NEWS2 7: high risk; …"). */
  reasons: readonly string[];
  flag: string;
  communication: string;
  trigger: string;
  raisedAt: string;
  /** The Flag version the monitor last wrote (acknowledgement updates it with `If-Match`). */
  flagVersion: number;
  acknowledged?: { by: string; at: string };
};

/** The notification topic alerts are published on, and its event types. */
export const VITALS_ALERT_TOPIC = 'vitals.alert';
export const ALERT_RAISED = 'alert.raised';
export const ALERT_ACKNOWLEDGED = 'alert.acknowledged';
