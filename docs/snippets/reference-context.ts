// Snippet of docs/reference/context.md.
import { handlers, object, service } from "@resolute/core";
import { z } from "zod";

// #region schemas
const accounts = service({
  name: "Accounts",
  handlers: {
    register: handlers.handler(
      { input: z.object({ email: z.email() }), output: z.string() },
      async (_ctx, user) => user.email, // user is typed from the schema
    ),
  },
});

const profile = object({
  name: "Profile",
  state: { age: z.number().int().min(0), since: z.date() }, // checked on ctx.set and ctx.get
  handlers: {
    /* … */
  },
});

// #endregion schemas

export { accounts, profile };
