import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEvent } from "@/lib/api/types";
import { AuditTable } from "./AuditTable";

const event = (fields: Partial<AuditEvent>): AuditEvent => ({
  id: "e1",
  created_at: 1_732_608_000_000,
  action: "model_version.stage_change",
  actor_type: "api_key",
  actor_id: "8f14e45fceea167a5a36dedd4bea2543",
  actor_name: "training-pipeline key of Mara",
  target_type: "model_version",
  target_id: "c20ad4d76fe97759aa27a0c99bff6710/2",
  target_name: "churn v2",
  ip: "127.0.0.1",
  request_id: "rq-1",
  details: { from: "staging", to: "production" },
  ...fields,
});

describe("AuditTable", () => {
  it("names the actor and the target instead of showing their ids", () => {
    render(<AuditTable events={[event({})]} />);
    const row = screen.getAllByRole("row")[1]!;
    expect(within(row).getByText("training-pipeline key of Mara")).toBeInTheDocument();
    expect(within(row).getByText("churn v2")).toBeInTheDocument();
    expect(within(row).getByText("model version")).toBeInTheDocument();
    expect(within(row).queryByText("8f14e45f")).not.toBeInTheDocument();
  });

  it("falls back to a short id for events recorded before names were kept", () => {
    render(<AuditTable events={[event({ actor_name: "", target_name: "" })]} />);
    const row = screen.getAllByRole("row")[1]!;
    expect(within(row).getByText("8f14e45f")).toBeInTheDocument();
    expect(within(row).getByText("c20ad4d7")).toBeInTheDocument();
  });
});
