/** Refresh this long before the access token expires, so a slow network never sends an expired token. */
const EARLY_MS = 60_000;
/** Never schedule sooner than this (a tiny `expires_in` must not turn into a refresh loop). */
const MIN_DELAY_MS = 5_000;

/**
 * How long to wait before refreshing a token that expires in `expiresInSeconds`: a minute early,
 * or at 80% of its life when it lives under five minutes.
 */
export function refreshDelayMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds) * 1000;
  const early = Math.min(EARLY_MS, lifetime * 0.2);
  return Math.max(MIN_DELAY_MS, lifetime - early);
}

/** After a refresh failed for a reason other than a rejected token (network, 5xx), try again after this. */
export const RETRY_AFTER_FAILURE_MS = 15_000;
