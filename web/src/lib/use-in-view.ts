import { useEffect, useState, type RefObject } from "react";

/**
 * True once the element has come near the viewport (and stays true): a page of fifty chart
 * panels fetches and draws the ones on screen first.
 */
export function useInView(ref: RefObject<HTMLElement | null>, margin = "300px"): boolean {
  // Without IntersectionObserver (jsdom in unit tests) everything counts as on screen.
  const [seen, setSeen] = useState(() => typeof IntersectionObserver === "undefined");
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setSeen(true), { rootMargin: margin });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, margin, seen]);
  return seen;
}
