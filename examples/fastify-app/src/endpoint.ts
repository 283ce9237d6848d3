// The endpoint the app mounts under /restate; `pnpm dev` serves it on its own too.
import { endpoint } from "@resolute/core";
import { visits } from "./visits.js";

export default endpoint().bind(visits);
