import { describe, expect, it } from "vitest";
import type { AlertChannel } from "./api/alert-types";
import { configBody, configFieldOf, configInputs, secretIsSet } from "./channel-config";

describe("channel config", () => {
  it("leaves_a_blank_secret_out_so_the_server_keeps_it", () => {
    const channel = { kind: "webhook", config: { url: "http://127.0.0.1:9/hook", hmac_secret: "***" } } as unknown as AlertChannel;
    const inputs = configInputs("webhook", channel.config as Record<string, unknown>);
    expect(inputs).toEqual({ url: "http://127.0.0.1:9/hook", hmac_secret: "" });
    expect(secretIsSet(channel, "hmac_secret")).toBe(true);
    expect(configBody("webhook", inputs, [{ key: "X-Team", value: "ml" }])).toEqual({ url: "http://127.0.0.1:9/hook", headers: { "X-Team": "ml" } });
    expect(configBody("webhook", { ...inputs, hmac_secret: "s3cret" })).toEqual({ url: "http://127.0.0.1:9/hook", hmac_secret: "s3cret" });
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
