import { handlerMark } from "../context/handler-options.js";
import { defaultSerde, type Serde, toSerde } from "../serde/index.js";

/** The serdes a handler reads its input and writes its output with, from its options. */
export function handlerSerdes(
  def: { readonly name?: string; readonly handlers?: Record<string, unknown> },
  handler: string,
): { input: Serde<any>; output: Serde<any> } {
  const fn = def.handlers?.[handler];
  const mark = typeof fn === "function" ? handlerMark(fn as never) : undefined;
  return {
    input: toSerde(mark?.options.input, defaultSerde),
    output: toSerde(mark?.options.output, defaultSerde),
  };
}
