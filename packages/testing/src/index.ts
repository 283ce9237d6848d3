/**
 * @module @resolute/testing
 * Test Resolute handlers: against a real Restate server (`startRestate`), or in process with
 * no server at all (`createTestContext`).
 *
 * @example
 * await using env = await startRestate({ endpoint });
 * await fetch(`${env.ingressUrl}/Greeter/greet`, { method: "POST", body: '"Ann"' });
 */
export { startRestate } from "./start-restate.js";
export type { RestateEnv, RestateNode, StartRestateOptions, StateReader } from "./types.js";
export {
  createTestContext,
  type StateView,
  TestContext,
  type TestContextOptions,
} from "./unit/test-context.js";
