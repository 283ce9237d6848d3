// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { approvals } from "./approvals.js";

export default endpoint().bind(approvals);
