// Keeps the tabs of one browser in step: signing out in one signs out all; signing in again in
// one lets the others (waiting in their sign-in-again dialog) pick up the new session cookie.
type SessionMessage = "signed-out" | "signed-in";

const channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("cairn-session") : null;

export function announce(message: SessionMessage) {
  channel?.postMessage(message);
}

export function onAnnouncement(handler: (message: SessionMessage) => void) {
  channel?.addEventListener("message", (e: MessageEvent<SessionMessage>) => handler(e.data));
}
