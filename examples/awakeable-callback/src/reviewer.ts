// The external system: a small HTTP service that takes review requests and answers each one
// later, by calling the Restate ingress with the awakeable id it was given. It knows nothing of
// Resolute: any program that can make an HTTP request can complete an awakeable.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Reviewer {
  url: string;
  close(): Promise<void>;
}

export interface ReviewerOptions {
  /** The Restate ingress, e.g. http://127.0.0.1:8080. */
  ingressUrl: string;
  port?: number;
  /** Decides a document: approve with a note, or reject with a reason. */
  decide?: (document: string) => { approve: boolean; text: string };
}

const defaultDecide = (document: string) =>
  document.includes("TODO")
    ? { approve: false, text: "unfinished: the document still has TODOs" }
    : { approve: true, text: `looks good (${document.length} characters)` };

export async function startReviewer(options: ReviewerOptions): Promise<Reviewer> {
  const decide = options.decide ?? defaultDecide;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const { awakeableId, document } = JSON.parse(body) as {
        awakeableId: string;
        document: string;
      };
      // Accept now, answer afterwards: the callback is a separate request to the ingress.
      response.writeHead(202).end();
      const { approve, text } = decide(document);
      const action = approve ? "resolve" : "reject";
      setTimeout(() => {
        fetch(`${options.ingressUrl}/restate/awakeables/${awakeableId}/${action}`, {
          method: "POST",
          headers: { "content-type": approve ? "application/json" : "text/plain" },
          body: approve ? JSON.stringify(text) : text,
        }).catch((error: unknown) => console.error("reviewer: callback failed", error));
      }, 50);
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/review`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
