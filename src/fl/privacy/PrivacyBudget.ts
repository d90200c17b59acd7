import { InvalidFederatedInputError, PrivacyBudgetExceededError } from '../flErrors.ts';
import { type PrivacySpent, RdpAccountant } from './RdpAccountant.ts';

/**
 * An (ε, δ) budget over a job: each round's mechanism is checked before it runs and refused (with
 * `PrivacyBudgetExceededError`) if running it would push ε past the budget, so a job stops with its budget intact.
 */
export class PrivacyBudget {
  private readonly accountant: RdpAccountant;

  constructor(
    readonly epsilon: number,
    readonly delta: number,
    accountant: RdpAccountant = new RdpAccountant(),
  ) {
    if (!(epsilon > 0) || !(delta > 0 && delta < 1))
      throw new InvalidFederatedInputError('A privacy budget needs epsilon > 0 and delta in (0, 1)');
    this.accountant = accountant;
  }

  /** What ε would be after these steps, without spending them. */
  preview(noiseMultiplier: number, sampleRate: number, steps: number): PrivacySpent {
    const next = this.accountant.copy();
    next.compose(noiseMultiplier, sampleRate, steps);
    return next.spent(this.delta);
  }

  /** Spends the steps, or throws (spending nothing) if they would exceed the budget. */
  spend(noiseMultiplier: number, sampleRate: number, steps: number): PrivacySpent {
    const after = this.preview(noiseMultiplier, sampleRate, steps);
    if (after.epsilon > this.epsilon)
      throw new PrivacyBudgetExceededError(
        `This round would spend ε = ${after.epsilon.toFixed(3)} > budget ${this.epsilon} (δ = ${this.delta})`,
      );
    this.accountant.compose(noiseMultiplier, sampleRate, steps);
    return after;
  }

  /** ε spent so far. */
  spent(): PrivacySpent {
    return this.accountant.spent(this.delta);
  }
}
