import { describe, expect, it } from "vitest";
import type { AlertChannel } from "./api/alert-types";
import { configBody, configFieldOf, configInputs, secretIsSet } from "./channel-config";

describe("channel config", () => {
  it("leaves_a_blank_secret_out_so_the_server_keeps_it", () => {
    const channel = { kind: "webhook", config: { url: "***", hmac_secret: "***", headers: { "X-Team": "***" } } } as unknown as AlertChannel;
    const inputs = configInputs("webhook", channel.config as Record<string, unknown>);
    expect(inputs).toEqual({ url: "", hmac_secret: "" });
    expect(secretIsSet(channel, "hmac_secret")).toBe(true);
    expect(secretIsSet(channel, "url")).toBe(true);
    // A masked header value goes back as "***": the server keeps it.
    expect(configBody("webhook", inputs, [{ key: "X-Team", value: "***" }])).toEqual({ headers: { "X-Team": "***" } });
    expect(configBody("webhook", { ...inputs, url: "http://127.0.0.1:9/hook", hmac_secret: "s3cret" })).toEqual({ url: "http://127.0.0.1:9/hook", hmac_secret: "s3cret" });
  });

  it("splits_email_recipients", () => {
    expect(configBody("email", { to: "a@x.io, b@x.io," })).toEqual({ to: ["a@x.io", "b@x.io"] });
    expect(configInputs("email", { to: ["a@x.io", "b@x.io"] })).toEqual({ to: "a@x.io, b@x.io" });
  });

  it("names_the_input_of_a_server_error", () => {
    expect(configFieldOf("config.url")).toBe("url");
    expect(configFieldOf("name")).toBe("name");
    expect(configFieldOf("kind")).toBeNull();
  });
});
