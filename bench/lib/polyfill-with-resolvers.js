// Promise.withResolvers (ES2024) is missing on Node 20, and @restatedev/restate-sdk 1.17.2 calls
// it on every invocation. Loaded with `node --import` into the official SDK's child processes
// only; Resolute's processes never see it.
if (typeof Promise.withResolvers !== "function") {
  Object.defineProperty(Promise, "withResolvers", {
    configurable: true,
    writable: true,
    value: function withResolvers() {
      let resolve;
      let reject;
      const promise = new this((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
