// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { counter } from "./counter.js";
import { greeter } from "./greeter.js";

/** The greeter example's endpoint: a service and a virtual object. */
export const greeterEndpoint = endpoint().bind(greeter).bind(counter);
export default greeterEndpoint;
