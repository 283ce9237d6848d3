// The endpoint every deploy example serves: the same definitions on every runtime.
import { endpoint } from "@resolute/core";
import { counter } from "./counter.js";
import { failures, mailbox, signup, waiter } from "./durable.js";
import { caller, greeter } from "./greeter.js";

/** Larger messages are refused with a clear error; serverless platforms cap bodies near this. */
export const MAX_MESSAGE_SIZE = 4 * 1024 * 1024;

export const ep = endpoint({ maxMessageSize: MAX_MESSAGE_SIZE })
  .bind(greeter)
  .bind(caller)
  .bind(counter)
  .bind(mailbox)
  .bind(waiter)
  .bind(signup)
  .bind(failures);
