// Fan-out/fan-in: one call per document to a worker service, all in flight at once, then
// `RestatePromise.all` waits for every result. The calls are journaled: after a crash, finished
// calls are not made again and unfinished ones are awaited, not re-sent.
import { type Context, RestatePromise, service } from "@resolute/core";

export const wordCounter = service({
  name: "WordCounter",
  handlers: {
    count: async (ctx: Context, text: string) =>
      ctx.run("count words", () => text.split(/\s+/).filter(Boolean).length),
  },
});

export interface Report {
  documents: number;
  words: number;
  longest: number;
}

export const analyzer = service({
  name: "Analyzer",
  handlers: {
    analyze: async (ctx: Context, documents: string[]): Promise<Report> => {
      const counter = ctx.serviceClient(wordCounter);
      // Fan out: every call starts now (none is awaited yet)...
      const calls = documents.map((text) => counter.count(text));
      // ...fan in: one durable wait for all of them, results in the order of the calls.
      const counts = await RestatePromise.all(calls);
      return {
        documents: counts.length,
        words: counts.reduce((a, b) => a + b, 0),
        longest: Math.max(0, ...counts),
      };
    },
  },
});
