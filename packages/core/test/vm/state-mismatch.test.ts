// A state get replayed with a different completion id than recorded is reported like every other
// journal mismatch: index, both commands, the user's source line.
import { describe, expect, it } from "vitest";
import { MessageType as M } from "../../src/protocol/message-type.js";
import { InvocationVm } from "../../src/vm/invocation-vm.js";
import { lastError } from "./driver.js";
import * as m from "./messages.js";

describe("state get with a shifted completion id", () => {
  it("names the index, the recorded and the new command with both ids, and the call site", () => {
    const out: Uint8Array[] = [];
    const vm = new InvocationVm({
      protocolVersion: 6,
      output: (f) => out.push(f),
      callSite: () => "src/cart.ts:12:7",
    });
    // Recorded: the get used completion id 2 (an earlier command took id 1); now it is first.
    vm.push(m.start({ knownEntries: 2, key: "k", state: {}, partial: true }));
    vm.push(m.input());
    vm.push(m.getLazy("items", 2));
    vm.getState("items");
    const e = lastError(out);
    expect(e.code).toBe(570);
    expect(e.relatedCommandIndex).toBe(1);
    expect(e.relatedCommandType).toBe(M.GetLazyStateCommand);
    expect(e.message).toMatch(
      /^Journal mismatch at command index 1: the journal recorded GetLazyState key "items" \(ctx\.get\) with completion id 2, but the handler now issued GetLazyState key "items" \(ctx\.get\) with completion id 1 \(different completion id/,
    );
    expect(e.message).toMatch(/It was issued at src\/cart\.ts:12:7\./);
  });
});
