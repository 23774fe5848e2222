// The organization the user last opened, so "/" returns there. Only a slug: nothing secret.
const KEY = "cairn.lastOrg";

export function rememberOrg(slug: string) {
  localStorage.setItem(KEY, slug);
}

export function lastOrg(): string | null {
  return localStorage.getItem(KEY);
}
