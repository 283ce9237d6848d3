// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { signup } from "./signup.js";

export default endpoint().bind(signup);
