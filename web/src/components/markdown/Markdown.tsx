import ReactMarkdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";

// Links leave the app in a new tab without handing it a window.opener; images are links (an
// image URL in a note would load from anywhere on every view of the page).
const components: Components = {
  a: ({ href, children }) => (
    <a href={href} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
      {children}
    </a>
  ),
  // A code block wider than the page scrolls sideways; keyboard users reach it by Tab.
  pre: ({ children }) => <pre tabIndex={0}>{children}</pre>,
  img: ({ src, alt }) => (
    <a href={typeof src === "string" ? src : undefined} target="_blank" rel="noopener noreferrer nofollow" className="text-accent underline">
      {alt || "image"}
    </a>
  ),
};

const prose =
  "min-w-0 text-sm leading-6 break-words [&_h1]:mt-3 [&_h1]:text-base [&_h1]:font-semibold [&_h2]:mt-3 [&_h2]:font-semibold " +
  "[&_h3]:mt-2 [&_h3]:font-medium [&_p]:my-2 [&_ul]:my-2 [&_ul]:list-disc [&_ul]:pl-5 [&_ol]:my-2 [&_ol]:list-decimal [&_ol]:pl-5 " +
  "[&_code]:rounded [&_code]:bg-subtle [&_code]:px-1 [&_code]:font-mono [&_code]:text-xs [&_pre]:my-2 [&_pre]:overflow-x-auto " +
  "[&_pre]:rounded-md [&_pre]:bg-subtle [&_pre]:p-3 [&_blockquote]:border-l-2 [&_blockquote]:border-border [&_blockquote]:pl-3 " +
  "[&_blockquote]:text-muted [&_table]:my-2 [&_table]:block [&_table]:overflow-x-auto [&_td]:border [&_td]:border-border [&_td]:px-2 " +
  "[&_th]:border [&_th]:border-border [&_th]:px-2 [&_th]:text-left [&>:first-child]:mt-0 [&>:last-child]:mb-0";

/**
 * Notes and descriptions as Markdown (GitHub's flavour: tables, task lists, strikethrough). Raw
 * HTML in the text is dropped, not rendered, and react-markdown's URL filter turns `javascript:`
 * and other unsafe links into nothing, so a note cannot run script in the app's origin.
 */
export function Markdown({ text, className }: { text: string; className?: string }) {
  return (
    <div className={className ? `${prose} ${className}` : prose} data-testid="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={components}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
