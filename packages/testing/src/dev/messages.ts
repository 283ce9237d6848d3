// What the `resolute dev` parent and its endpoint child say to each other over IPC.

export type ChildMessage =
  | { type: "loaded" }
  | { type: "listening" }
  | { type: "failed"; stage: "load" | "listen"; error: string };

export type ParentMessage = { type: "listen" };
