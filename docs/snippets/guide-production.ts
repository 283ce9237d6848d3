// Snippet of docs/guides/production.md.

// #region failover
import { connect } from "@resolute/client";

const rs = connect({
  url: ["http://node-1:8080", "http://node-2:8080", "http://node-3:8080"],
  retry: { idempotent: true }, // give every call and send a generated idempotency key
  timeout: { seconds: 5 }, // a send, output read or awakeable completion: 5 s per attempt
  resultTimeout: { minutes: 2 }, // a call or attach: above the longest handler run you expect
});

// #endregion failover

export { rs };
