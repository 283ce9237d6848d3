// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { analyzer, wordCounter } from "./analyzer.js";

export default endpoint().bind(analyzer).bind(wordCounter);
