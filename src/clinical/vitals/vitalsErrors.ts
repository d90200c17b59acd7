import { BaseError } from '../../errors.ts';

/** The vitals monitor was asked to work after `stop()`. */
export class VitalsMonitorStoppedError extends BaseError {
  override name = 'VitalsMonitorStoppedError';
}
