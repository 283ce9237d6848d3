// Official SDK endpoint process (@restatedev/restate-sdk 1.17.2): the same trivial Greeter/greet,
// served with restate.serve (HTTP/2 h2c). Run with `node --import ./polyfill-with-resolvers.js`.
import * as restate from "@restatedev/restate-sdk";
import { attachControl } from "./control.js";

const port = Number(process.env.PORT);

const greeter = restate.service({
  name: "Greeter",
  handlers: { greet: async (_ctx, name) => `Hello ${name}` },
});
await restate.serve({ services: [greeter], port });
attachControl({ adapter: "restate.serve" });
