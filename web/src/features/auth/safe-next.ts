/**
 * Where to go after signing in. Only paths on this site are followed: `?next=https://evil.example`
 * or `//evil.example` would otherwise turn the sign-in page into an open redirect.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
