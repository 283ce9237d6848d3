// The Workers endpoint measured by bundle-size.js: greeter + counter through @resolute/fetch.

import { endpoint } from "@resolute/core";
import { createFetchHandler } from "@resolute/fetch";
import { counter } from "../../examples/deploy-shared/src/counter.js";
import { greeter } from "../../examples/deploy-shared/src/greeter.js";

export default { fetch: createFetchHandler(endpoint().bind(greeter).bind(counter)) };
