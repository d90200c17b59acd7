import { BaseError } from '../../errors.ts';

/** An upload passed the attachment size limit while streaming; nothing of it is kept. */
export class AttachmentTooLargeError extends BaseError {
  override name = 'AttachmentTooLargeError';
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`The attachment exceeds the limit of ${limitBytes} bytes`);
    this.limitBytes = limitBytes;
  }
}
