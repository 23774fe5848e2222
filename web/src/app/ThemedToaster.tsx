import { useEffect, useState } from "react";
import { Toaster } from "sonner";

/** Toasts in the app's theme (the `dark` class on <html>, which may differ from the OS setting). */
export function ThemedToaster() {
  const [dark, setDark] = useState(() => document.documentElement.classList.contains("dark"));
  useEffect(() => {
    const observer = new MutationObserver(() => setDark(document.documentElement.classList.contains("dark")));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
    return () => observer.disconnect();
  }, []);
  return <Toaster position="bottom-right" closeButton theme={dark ? "dark" : "light"} />;
}
