// The "not verified" notice, once dismissed, stays away for that user in this browser: a server
// without email (SMTP) can never send the link, and a notice nobody can satisfy is only noise.
const key = (userId: string) => `cairn.verifyNoticeDismissed.${userId}`;

export function isVerifyNoticeDismissed(userId: string): boolean {
  try {
    return localStorage.getItem(key(userId)) !== null;
  } catch {
    return false;
  }
}

export function dismissVerifyNotice(userId: string) {
  try {
    localStorage.setItem(key(userId), "1");
  } catch {
    // Blocked storage: dismissed until the page reloads.
  }
}
