// Keeps the most recent server output in memory so failures can show it without files.

const DEFAULT_LIMIT = 512 * 1024;

export class LogBuffer {
  readonly limit: number;
  #text = "";

  constructor(limit = DEFAULT_LIMIT) {
    this.limit = limit;
  }

  append(chunk: string | Uint8Array): void {
    this.#text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    if (this.#text.length > this.limit) {
      // Drop whole lines from the front so the buffer starts at a line boundary.
      const cut = this.#text.length - this.limit;
      const newline = this.#text.indexOf("\n", cut);
      this.#text = this.#text.slice(newline === -1 ? cut : newline + 1);
    }
  }

  text(): string {
    return this.#text;
  }

  /** The last `count` non-empty lines. */
  tail(count: number): string {
    const lines = this.#text.split("\n").filter((line) => line.trim() !== "");
    return lines.slice(-count).join("\n");
  }
}
