// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { trips } from "./trips.js";

export default endpoint().bind(trips);
