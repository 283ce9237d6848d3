// What the `resolute dev` parent and its endpoint child say to each other over IPC.

import type { HandlerInputs } from "./handler-inputs.js";

export type ChildMessage =
  // `inputs`: which handlers take input (undefined when the endpoint does not say).
  | { type: "loaded"; inputs: HandlerInputs | undefined }
  | { type: "listening" }
  | { type: "failed"; stage: "load" | "listen"; error: string };

export type ParentMessage = { type: "listen" };
