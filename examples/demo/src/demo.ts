// `pnpm start`: starts an embedded Restate server, serves the examples, calls them through the
// server's ingress with the typed client, and prints what came back.
import { startRestate } from "@resolute/testing";
import { counter } from "./counter.js";
import { examplesEndpoint } from "./endpoint.js";
import { greeter } from "./greeter.js";
import { signup } from "./signup.js";

const env = await startRestate({ endpoint: examplesEndpoint });
try {
  const rs = env.client;
  console.log(`Restate ingress at ${env.ingressUrl}, admin at ${env.adminUrl}\n`);
  console.log("Greeter/greet(Ann)     ->", await rs.serviceClient(greeter).greet("Ann"));
  console.log("Counter/demo/add(5)    ->", await rs.objectClient(counter, "demo").add(5));
  console.log("Counter/demo/add(2)    ->", await rs.objectClient(counter, "demo").add(2));
  await env.restartEndpoint();
  console.log("(endpoint restarted)");
  console.log("Counter/demo/current() ->", await rs.objectClient(counter, "demo").current());
  console.log("state of Counter/demo  ->", {
    count: await env.stateOf(counter, "demo").get("count"),
  });

  const flow = rs.workflowClient(signup, "ann@example.com");
  await flow.workflowSubmit("ann@example.com");
  let code: string | null = null;
  while (code === null) {
    await new Promise((r) => setTimeout(r, 20));
    code = await flow.pendingCode();
  }
  console.log("Signup status          ->", await flow.status());
  await flow.verify(code);
  console.log("Signup verified        ->", await flow.workflowAttach());
} finally {
  await env.stop();
}
