/** Whether the tour was taken or declined in this browser (it is offered once). */
const SEEN_KEY = "cairn.tour-seen";

export function tourSeen(): boolean {
  try {
    return localStorage.getItem(SEEN_KEY) === "1";
  } catch {
    return true; // no storage: never offer it unasked
  }
}

export function markTourSeen(): void {
  try {
    localStorage.setItem(SEEN_KEY, "1");
  } catch {
    // Nothing to remember it in: the offer may come again.
  }
}
