// Node: createFetchHandler behind node:http. Register with `use_http_11`.
import { createFetchHandler } from "@resolute/fetch";
import { ep } from "../../deploy-shared/src/endpoint.js";
import { fetchServer } from "./node-bridge.js";

const server = fetchServer(createFetchHandler(ep));
server.listen(Number(process.env.PORT ?? 9080), () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : process.env.PORT;
  console.log(`Resolute endpoint listening on port ${port}`);
});
