// `pnpm start`: starts an embedded Restate server, serves the greeter and signup examples,
// calls them through the server's ingress with the typed client, and prints what came back.
import { endpoint } from "@resolute/core";
import { counter } from "@resolute/example-greeter/counter";
import { greeter } from "@resolute/example-greeter/greeter";
import { outbox } from "@resolute/example-signup/mailer";
import { signup } from "@resolute/example-signup/signup";
import { startRestate } from "@resolute/testing";

const env = await startRestate({ endpoint: endpoint().bind(greeter).bind(counter).bind(signup) });
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

  const email = "ann@example.com";
  const flow = rs.workflowClient(signup, email);
  await flow.workflowSubmit({ email });
  // The code arrives by "mail" (the example's outbox): wait for it like a user would.
  let code: string | undefined;
  while (code === undefined) {
    await new Promise((r) => setTimeout(r, 20));
    code = outbox.find((mail) => mail.to === email)?.code;
  }
  console.log("Signup status          ->", await flow.status());
  await flow.verify(code);
  console.log("Signup verified        ->", await flow.workflowAttach());
} finally {
  await env.stop();
}
