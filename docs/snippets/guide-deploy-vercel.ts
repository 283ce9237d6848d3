// Snippet of docs/guides/deploy.md for a Next.js route handler (the file the page names).
import type { EndpointBuilder } from "@resolute/core";

declare const ep: EndpointBuilder;

// #region vercel
// app/restate/[[...path]]/route.ts
import { createFetchHandler } from "@resolute/fetch";

const handle = createFetchHandler(ep);

export { handle as GET, handle as POST };
export const dynamic = "force-dynamic";
export const maxDuration = 300; // seconds; the plan's ceiling applies
// #endregion vercel
