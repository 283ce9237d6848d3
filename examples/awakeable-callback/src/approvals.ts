// An awakeable: the handler creates one, hands its id to an external system (a reviewer behind
// HTTP), and waits. The external system answers later — seconds or weeks — by calling the
// Restate ingress at /restate/awakeables/<id>/resolve (or /reject). Waiting costs nothing: the
// invocation suspends, and resumes when the answer arrives.
import { type Context, service, TerminalError } from "@resolute/core";

export interface Decision {
  document: string;
  decision: "approved" | "rejected";
  note: string;
}

/** Where the reviewer listens; the README starts one with `pnpm reviewer`. */
export function reviewerUrl(): string {
  return process.env.REVIEWER_URL ?? "http://127.0.0.1:3000/review";
}

export const approvals = service({
  name: "Approvals",
  handlers: {
    request: async (ctx: Context, document: string): Promise<Decision> => {
      const { id, promise } = ctx.awakeable<string>();
      // Journaled: on a retry the reviewer is not asked a second time.
      await ctx.run("ask reviewer", async () => {
        const response = await fetch(reviewerUrl(), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ awakeableId: id, document }),
        });
        if (!response.ok) throw new Error(`reviewer answered ${response.status}`);
      });
      try {
        return { document, decision: "approved", note: await promise };
      } catch (error) {
        // A rejection through /reject arrives as a TerminalError carrying the reviewer's text.
        if (!(error instanceof TerminalError)) throw error;
        return { document, decision: "rejected", note: error.message };
      }
    },
  },
});
