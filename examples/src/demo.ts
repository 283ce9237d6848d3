// `pnpm start`: starts an embedded Restate server, serves the examples, calls them through the
// server's ingress and prints what came back.
import { startRestate } from "@resolute/testing";
import { examplesEndpoint } from "./endpoint.js";

async function call(ingressUrl: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${ingressUrl}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${path} failed with ${res.status}: ${text}`);
  return JSON.parse(text);
}

const env = await startRestate({ endpoint: examplesEndpoint });
try {
  console.log(`Restate ingress at ${env.ingressUrl}, admin at ${env.adminUrl}\n`);
  console.log("Greeter/greet(Ann)     ->", await call(env.ingressUrl, "Greeter/greet", "Ann"));
  console.log("Counter/demo/add(5)    ->", await call(env.ingressUrl, "Counter/demo/add", 5));
  console.log("Counter/demo/add(2)    ->", await call(env.ingressUrl, "Counter/demo/add", 2));
  await env.restartEndpoint();
  console.log("(endpoint restarted)");
  console.log(
    "Counter/demo/current() ->",
    await call(env.ingressUrl, "Counter/demo/current", null),
  );
  console.log("state of Counter/demo  ->", {
    count: await env.stateOf({ name: "Counter" }, "demo").get("count"),
  });
} finally {
  await env.stop();
}
