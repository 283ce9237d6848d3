import { expect, it } from "vitest";
import { IdList } from "../../src/vm/id-list.js";

it("keeps values by id through sets, replacements and deletes in any order", () => {
  const list = new IdList<string>();
  const model = new Map<number, string>();
  // A fixed pseudo-random sequence of operations, checked against a Map.
  let seed = 7;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  for (let step = 0; step < 2000; step++) {
    const id = next() % 12;
    if (next() % 3 === 0) {
      list.delete(id);
      model.delete(id);
    } else {
      list.set(id, `v${step}`);
      model.set(id, `v${step}`);
    }
    for (let k = 0; k < 12; k++) {
      expect(list.get(k)).toBe(model.get(k));
      expect(list.has(k)).toBe(model.has(k));
    }
  }
});
