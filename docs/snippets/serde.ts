// Snippets of docs/serde.md.
import { type Serde as CoreSerde, handlers } from "@resolute/core";
import { z } from "zod";

// #region interface
interface Serde<T> {
  contentType?: string; // advertised in the discovery manifest
  jsonSchema?: object; // advertised in the discovery manifest
  serialize(value: T): Uint8Array;
  deserialize(data: Uint8Array): T;
}
// #endregion interface

// The page's interface is the package's: each is assignable to the other.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sameSerde: Same<Serde<Date>, CoreSerde<Date>> = true;

// #region schema
const User = z.object({ name: z.string(), email: z.email() });
handlers.handler({ input: User }, async (_ctx, user) => user.name); // same as input: serde.zod(User)
// #endregion schema
