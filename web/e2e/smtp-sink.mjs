// A minimal SMTP server on loopback that keeps every message, so the e2e tests can follow the
// links Cairn emails (invitations, password resets) as a person would.
import { createServer } from "node:net";

export async function startSmtpSink() {
  const messages = [];
  const server = createServer((socket) => {
    let buffer = "";
    let inData = false;
    let current = { to: [], data: "" };
    const reply = (line) => socket.write(`${line}\r\n`);
    reply("220 sink ESMTP");
    socket.on("data", (chunk) => {
      buffer += chunk.toString("utf8");
      let index;
      while ((index = buffer.indexOf("\r\n")) >= 0) {
        const line = buffer.slice(0, index);
        buffer = buffer.slice(index + 2);
        if (inData) {
          if (line === ".") {
            inData = false;
            messages.push({ to: current.to, data: current.data });
            current = { to: [], data: "" };
            reply("250 OK");
          } else {
            current.data += (line.startsWith("..") ? line.slice(1) : line) + "\n";
          }
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === "EHLO" || verb === "HELO") reply("250 sink");
        else if (verb === "RCPT") {
          current.to.push(line.replace(/^RCPT TO:\s*<?([^>]*)>?.*$/i, "$1"));
          reply("250 OK");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 go ahead");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
        } else reply("250 OK");
      }
    });
    socket.on("error", () => {});
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  return {
    url: `smtp://127.0.0.1:${server.address().port}`,
    /** Waits for a message to `email` containing `pattern`, and returns the first match group. */
    async waitFor(email, pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        for (const m of messages) {
          // Quoted-printable soft line breaks would split long links.
          const text = m.data.replace(/=\r?\n/g, "").replace(/=3D/g, "=");
          const match = m.to.includes(email) && text.match(pattern);
          if (match) return match[1];
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no email to ${email} matching ${pattern}`);
    },
    close: () => new Promise((ok) => server.close(ok)),
  };
}
