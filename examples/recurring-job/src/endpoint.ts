// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { job } from "./job.js";

export default endpoint().bind(job);
