import { endpoint } from "@resolute/core";
import { counter } from "./counter.js";
import { greeter } from "./greeter.js";
import { signup } from "./signup.js";

/** The examples' endpoint: every example service bound once. */
export const examplesEndpoint = endpoint().bind(greeter).bind(counter).bind(signup);
