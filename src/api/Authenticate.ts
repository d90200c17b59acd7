/** A caller the edge recognised: the principal and the SMART scopes its token carries. */
export type Authenticated = {
  subject: string;
  scopes: readonly string[];
  /** `Patient/<id>` of the SMART `patient` launch context, when the token carries one. */
  patient?: string;
};

/**
 * How the FHIR app learns who is calling (the auth module supplies a bearer-token one; tests pass a fake). Return
 * `{ rejected }` with a reason a developer can act on (expired, wrong audience, …) to answer 401; never throw for
 * a bad token.
 */
export type Authenticate = (
  request: Request,
) => Authenticated | { rejected: string } | Promise<Authenticated | { rejected: string }>;
