// The module `pnpm dev` serves: its default export is the endpoint.
import { endpoint } from "@resolute/core";
import { cart } from "./cart.js";
import { payments } from "./payments.js";

export default endpoint().bind(cart).bind(payments);
