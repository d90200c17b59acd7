import { InvalidArgumentError } from 'commander';

/** A commander option parser for a whole number within `min..max`, with a message that says so. */
export function parseInteger(min: number, max: number): (value: string) => number {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}
