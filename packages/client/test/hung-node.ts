// A node that is up but stuck: it accepts connections and reads requests, and never answers.
// Nothing on its connections ever completes, so each request it gets comes on its own connection.
import { type AddressInfo, createServer, type Socket } from "node:net";

export interface Received {
  /** e.g. "POST /Svc/run/send HTTP/1.1" */
  requestLine: string;
  idempotencyKey: string | undefined;
}

export interface HungNode {
  url: string;
  /** The requests it got, in order. */
  received: Received[];
  close(): Promise<void>;
}

export async function hungNode(): Promise<HungNode> {
  const received: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("latin1");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const head = text.slice(0, end);
      const key = /^idempotency-key:\s*(.*)$/im.exec(head)?.[1]?.trim();
      received.push({ requestLine: head.split("\r\n")[0]!, idempotencyKey: key });
      socket.off("data", onData);
      socket.resume(); // keep reading (and dropping) the body, as a busy node would
    };
    socket.on("data", onData);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
