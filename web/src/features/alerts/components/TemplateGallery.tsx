import type { AlertRuleTemplate } from "../api/alert-types";

/** Rule templates to start from; picking one fills the form (keeping the chosen monitor). */
export function TemplateGallery({ templates, onPick }: { templates: AlertRuleTemplate[]; onPick: (t: AlertRuleTemplate) => void }) {
  return (
    <ul aria-label="Rule templates" className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
      {templates.map((t) => (
        <li key={t.id}>
          <button
            type="button"
            onClick={() => onPick(t)}
            className="flex h-full w-full flex-col items-start gap-1 rounded-md border border-border bg-surface p-3 text-left hover:border-accent hover:bg-subtle/60"
          >
            <span className="text-sm font-medium">{t.title}</span>
            <span className="text-xs text-muted">{t.description}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
