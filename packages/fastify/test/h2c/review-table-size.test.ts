// RFC 7541 section 4.2: when the peer lowers SETTINGS_HEADER_TABLE_SIZE below the size our
// encoder's dynamic table may have, our next header block must start with a dynamic table
// size update. nghttp2 (node:http2) enforces it: without the update it fails the block with
// COMPRESSION_ERROR, even though we never insert into the table.
import { once } from "node:events";
import { connect } from "node:http2";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type H2cServer, scriptedHandler, startH2c } from "./support.js";

let server: H2cServer;
beforeEach(async () => {
  server = await startH2c(scriptedHandler());
});
afterEach(async () => {
  await server.close();
});

for (const headerTableSize of [4096, 0, 1024]) {
  it(`answers a client whose SETTINGS_HEADER_TABLE_SIZE is ${headerTableSize}`, async () => {
    const session = connect(`http://127.0.0.1:${server.port}`, { settings: { headerTableSize } });
    const errors: unknown[] = [];
    session.on("error", (e) => errors.push(e));
    try {
      for (let i = 0; i < 2; i++) {
        const stream = session.request({ ":method": "GET", ":path": "/status/201" });
        stream.on("error", (e) => errors.push(e));
        stream.resume();
        const headers = await new Promise<Record<string, unknown>>((resolve, reject) => {
          stream.once("response", resolve);
          stream.once("close", () => reject(new Error(`stream closed (${stream.rstCode})`)));
        });
        expect(headers[":status"]).toBe(201);
        if (!stream.readableEnded) await once(stream, "end");
      }
      expect(errors).toEqual([]);
    } finally {
      session.destroy();
    }
  });
}
