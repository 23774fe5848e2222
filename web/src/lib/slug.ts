/** A URL slug from a name, as the server would accept it: ^[a-z0-9-]{2,50}$. */
export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 50)
    .replace(/-+$/g, "");
}

export const SLUG_PATTERN = /^[a-z0-9-]{2,50}$/;
