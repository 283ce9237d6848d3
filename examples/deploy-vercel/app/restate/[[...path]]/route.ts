// Next.js App Router (on Vercel or anywhere): one catch-all route handler under /restate.
// Register https://<your-app>/restate with the Restate server.
import { createFetchHandler } from "@resolute/fetch";
import { ep } from "../../../../deploy-shared/src/endpoint.js";

const handle = createFetchHandler(ep);

export { handle as GET, handle as POST };
// Every request is an invocation: never cache or pre-render this route.
export const dynamic = "force-dynamic";
// Seconds one request may take (a long ctx.run step); the plan's ceiling applies.
export const maxDuration = 300;
