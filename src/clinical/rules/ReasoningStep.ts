/** A value a rule looked at, as shown in a reasoning chain. */
export type RuleInput = string | number | boolean | null;

/** One fired rule of a reasoning chain: which rule, on which inputs, concluding what (and its points, if scored). */
export type ReasoningStep = {
  /** Stable rule id, e.g. `news2.respiration.25-or-more` or `tree.12`. */
  readonly rule: string;
  /** The rule in words: "IF respiration rate ≥ 25/min THEN 3 points". */
  readonly text: string;
  readonly inputs: Readonly<Record<string, RuleInput>>;
  readonly conclusion: string;
  readonly points?: number;
};

/** An if-then rule over facts `F`: a condition, the inputs it reads, and its conclusion (with points if scored). */
export type Rule<F> = {
  readonly id: string;
  readonly text: string;
  readonly when: (facts: F) => boolean;
  readonly inputs: (facts: F) => Record<string, RuleInput>;
  readonly conclusion: string;
  readonly points?: number;
};

/** Runs `rules` in order over `facts` and returns the chain of those that fired. */
export function fireRules<F>(rules: readonly Rule<F>[], facts: F): ReasoningStep[] {
  const chain: ReasoningStep[] = [];
  for (const rule of rules) {
    if (!rule.when(facts)) continue;
    chain.push({
      rule: rule.id,
      text: rule.text,
      inputs: rule.inputs(facts),
      conclusion: rule.conclusion,
      ...(rule.points === undefined ? {} : { points: rule.points }),
    });
  }
  return chain;
}
