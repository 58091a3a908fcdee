package org.metersync.testkit;

/**
 * What a remote can be made to do wrong, through {@link ContractRemote#misbehaveOnNextCall} (or,
 * for {@link #REFUSES_READING}, {@link ContractRemote#refuseReading}). A remote declares in {@link
 * ContractRemote#misbehaviours()} which of these it can simulate; the checks that need another are
 * reported as aborted, naming it, never as passed.
 */
public enum Misbehaviour {

  /** Not reachable or busy, applying nothing; the same call may succeed later. */
  UNAVAILABLE,

  /** Refuses the request for good (not the credentials), applying nothing. */
  REFUSED,

  /** Refuses the tenant's credentials, applying nothing. */
  CREDENTIALS_REFUSED,

  /** Answers in a form that cannot be understood; an upload may have been applied. */
  GARBLED,

  /** Applies an upload, but the answer leaves out one reading's verdict. */
  VERDICT_MISSING,

  /** Applies an upload, but its answer never arrives. */
  ANSWER_LOST,

  /** Answers a download with more readings than asked for. */
  PAGE_OVER_LIMIT,

  /** Refuses one reading of an upload with a reason, storing the others. */
  REFUSES_READING
}
