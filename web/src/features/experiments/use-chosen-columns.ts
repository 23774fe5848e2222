import { useState } from "react";

/** The columns picked for an experiment's runs table, remembered in this browser (null until a choice is made). */
export function useChosenColumns(experimentId: string): [string[] | null, (ids: string[]) => void] {
  const key = `cairn.runColumns.${experimentId}`;
  const [chosen, setChosen] = useState<string[] | null>(() => {
    try {
      const saved: unknown = JSON.parse(localStorage.getItem(key) ?? "null");
      return Array.isArray(saved) && saved.every((x) => typeof x === "string") ? saved : null;
    } catch {
      return null;
    }
  });
  const choose = (ids: string[]) => {
    localStorage.setItem(key, JSON.stringify(ids));
    setChosen(ids);
  };
  return [chosen, choose];
}
