import type { AccessDecision, AccessPolicy, SearchRestriction } from './AccessPolicy.ts';

/** Permits everything. FOR TESTS ONLY: a node must never run with it; the name says so wherever it is wired. */
export class TestOnlyAllowAllPolicy implements AccessPolicy {
  authorize(): AccessDecision {
    return { decision: 'permit' };
  }

  filterForSearch(): SearchRestriction {
    return { kind: 'unrestricted' };
  }
}
