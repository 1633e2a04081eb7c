/** Rule names become part of a problem type URI, so they are kebab-case and never renamed. */
const RULE_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A command broke a domain rule (a folder name already taken, a reply to a message that allows
 * none). Thrown from `decide`; the HTTP layer answers with a problem whose type names the rule,
 * `https://digitalpost.dk/problems/rules/<rule>`, so clients can tell rules apart.
 */
export class DomainRuleError extends Error {
  override readonly name = 'DomainRuleError';

  constructor(
    /** Stable kebab-case name of the rule, e.g. `folder-name-taken`. */
    readonly rule: string,
    /** Human-readable explanation, shown to the client as the problem's `detail`. */
    detail: string,
    /** 409 when the current state forbids it, 422 when the command can never succeed. */
    readonly status: 409 | 422 = 409,
  ) {
    super(detail);
    if (!RULE_NAME.test(rule)) throw new TypeError(`rule name must be kebab-case: ${rule}`);
  }
}
