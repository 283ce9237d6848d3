// Snippets of docs/sdk/serialization.md.
import { type Context, handlers, type Serde, serde, service } from "@resolute/core";
import { z } from "zod";

// #region default
// The default serde: plain values are plain JSON; Date, Map, Set, BigInt, undefined
// come back as themselves from ctx.run, state, calls and the ingress client.
export const events = service({
  name: "Events",
  handlers: {
    next: async (ctx: Context, after: Date) => {
      const when = await ctx.run("compute", () => new Date(after.getTime() + 60_000));
      return { when, seen: new Set([after.toISOString()]) };
    },
  },
});
// #endregion default

// #region schema
export const users = service({
  name: "Users",
  handlers: {
    create: handlers.handler(
      {
        input: z.object({ email: z.email(), age: z.int().min(13) }),
        output: z.object({ id: z.string() }),
      },
      async (ctx, user) => ({ id: `${user.email}-${ctx.rand.uuidv4()}` }),
    ),
  },
});
// #endregion schema

// #region builtin
export const files = service({
  name: "Files",
  handlers: {
    // Raw bytes in and out, content type application/octet-stream.
    checksum: handlers.handler(
      { input: serde.binary, output: serde.json },
      async (_ctx, bytes: Uint8Array) => bytes.reduce((a, b) => (a + b) % 65521, 1),
    ),
  },
});
// #endregion builtin

// #region custom
// A custom serde: anything with serialize and deserialize.
export const csv: Serde<string[]> = {
  contentType: "text/csv",
  serialize: (row) => new TextEncoder().encode(row.join(",")),
  deserialize: (bytes) => new TextDecoder().decode(bytes).split(","),
};
// #endregion custom
