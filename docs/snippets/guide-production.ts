// Snippet of docs/guides/production.md.

// #region failover
import { connect } from "@resolute/client";

const rs = connect({
  url: ["http://node-1:8080", "http://node-2:8080", "http://node-3:8080"],
  retry: { idempotent: true }, // give every call and send a generated idempotency key
});

// #endregion failover

export { rs };
