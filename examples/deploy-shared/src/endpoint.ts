// The endpoint every deploy example serves: the same definitions on every runtime.
import { endpoint } from "@resolute/core";
import { counter } from "./counter.js";
import { failures, mailbox, signup, waiter } from "./durable.js";
import { caller, greeter } from "./greeter.js";

export const ep = endpoint()
  .bind(greeter)
  .bind(caller)
  .bind(counter)
  .bind(mailbox)
  .bind(waiter)
  .bind(signup)
  .bind(failures);
