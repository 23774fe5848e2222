/** The API is on the page's own origin (the server serves both); absolute, since Request needs it outside browsers. */
export function apiBaseUrl(): string {
  return globalThis.location?.origin ?? "";
}
