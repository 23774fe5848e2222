import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";
import { Markdown } from "./Markdown";
import { MarkdownNote } from "./MarkdownNote";

describe("Markdown", () => {
  it("renders headings, emphasis, lists, code and GitHub tables", () => {
    render(<Markdown text={"# Result\n\nDepth **6** wins.\n\n- fast\n- `lr=0.1`\n\n| a | b |\n|---|---|\n| 1 | 2 |"} />);
    expect(screen.getByRole("heading", { name: "Result" })).toBeInTheDocument();
    expect(screen.getByText("6").tagName).toBe("STRONG");
    expect(screen.getAllByRole("listitem")).toHaveLength(2);
    expect(screen.getByText("lr=0.1").tagName).toBe("CODE");
    expect(screen.getByRole("cell", { name: "2" })).toBeInTheDocument();
  });

  it("drops raw HTML instead of rendering it", () => {
    const { container } = render(<Markdown text={'Hi <script>alert(1)</script> <img src=x onerror="alert(2)"> <b>bold</b>'} />);
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
    expect(container.querySelector("b")).toBeNull();
    expect(container.innerHTML).not.toContain("onerror");
  });

  it("neutralises javascript: links and opens others in a new tab without an opener", () => {
    render(<Markdown text={"[evil](javascript:alert(1)) [docs](https://mlflow.org)"} />);
    expect(screen.getByText("evil").getAttribute("href") ?? "").not.toContain("javascript");
    const docs = screen.getByRole("link", { name: "docs" });
    expect(docs).toHaveAttribute("href", "https://mlflow.org");
    expect(docs).toHaveAttribute("rel", expect.stringContaining("noopener"));
  });

  it("shows images as links, so a note cannot load pictures from anywhere", () => {
    const { container } = render(<Markdown text={"![plot](https://example.com/p.png)"} />);
    expect(container.querySelector("img")).toBeNull();
    expect(screen.getByRole("link", { name: "plot" })).toHaveAttribute("href", "https://example.com/p.png");
  });
});

describe("MarkdownNote", () => {
  it("edits in Markdown, previews the rendering and saves the text", async () => {
    const onSave = vi.fn((text: string) => Promise.resolve(text));
    render(<MarkdownNote noun="notes" text="" canWrite emptyHint="No notes yet." saving={false} error={null} onSave={onSave} />);
    expect(screen.getByText("No notes yet.")).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Edit notes" }));
    await userEvent.type(screen.getByLabelText("Notes"), "## Finding{Enter}{Enter}Depth **6**");
    await userEvent.click(screen.getByRole("button", { name: "Preview" }));
    expect(screen.getByRole("heading", { name: "Finding" })).toBeInTheDocument();
    await userEvent.click(screen.getByRole("button", { name: "Save notes" }));
    expect(onSave).toHaveBeenCalledWith("## Finding\n\nDepth **6**");
    await waitFor(() => expect(screen.queryByRole("button", { name: "Save notes" })).toBeNull());
  });

  it("keeps the draft open when saving fails", async () => {
    const onSave = vi.fn((text: string) => Promise.reject(new Error(`403 for ${text}`)));
    render(<MarkdownNote noun="notes" text="old" canWrite emptyHint="" saving={false} error={null} onSave={onSave} />);
    await userEvent.click(screen.getByRole("button", { name: "Edit notes" }));
    await userEvent.type(screen.getByLabelText("Notes"), " and new");
    await userEvent.click(screen.getByRole("button", { name: "Save notes" }));
    expect(onSave).toHaveBeenCalledWith("old and new");
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByLabelText("Notes")).toHaveValue("old and new");
  });

  it("renders without an editor for a reader", () => {
    render(<MarkdownNote noun="description" text="_churn_ models" canWrite={false} emptyHint="" saving={false} error={null} onSave={vi.fn()} />);
    expect(screen.getByText("churn").tagName).toBe("EM");
    expect(screen.queryByRole("button", { name: "Edit description" })).toBeNull();
  });
});
