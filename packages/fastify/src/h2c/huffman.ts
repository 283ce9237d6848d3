// HPACK Huffman strings (RFC 7541, section 5.2 and Appendix B).
//
// Decoding walks the code tree four bits at a time through a transition table built once at
// module load: for each of the 256 internal tree nodes and each nibble, the node reached, the
// symbol completed on the way (at most one: the shortest code has 5 bits), and whether EOS was
// hit. Two table reads per input byte, no allocation.
import { HUFFMAN_CODE_LENGTHS } from "./huffman-table.js";

const EOS = 256;
const SYMBOLS = 257;

/** Canonical codes rebuilt from the lengths: codes[sym] is right-aligned in lengths[sym] bits. */
export const HUFFMAN_CODES: readonly number[] = canonicalCodes(HUFFMAN_CODE_LENGTHS);

function canonicalCodes(lengths: readonly number[]): number[] {
  const order = [...lengths.keys()].sort((a, b) => lengths[a]! - lengths[b]! || a - b);
  const codes = new Array<number>(lengths.length).fill(0);
  let code = 0;
  let previousLength = lengths[order[0]!]!;
  for (const sym of order) {
    const length = lengths[sym]!;
    code *= 2 ** (length - previousLength); // multiply: codes reach 30 bits, past int31 shifts
    codes[sym] = code;
    code += 1;
    previousLength = length;
  }
  return codes;
}

// Transition entry layout: bits 0-7 next node, bits 8-15 emitted symbol, then flags.
const EMITS = 1 << 16;
const FAILS = 1 << 17;
/** Set on an entry whose next node may end the string: the bits since the last symbol are at
 * most 7 and all ones, i.e. valid padding (a prefix of EOS). */
const MAY_END = 1 << 18;

const TRANSITIONS: Int32Array = buildTransitions();

/** The code tree as child arrays; a leaf is stored as ~symbol (negative), a node as its id. */
function buildTree(): { zero: Int32Array; one: Int32Array } {
  const internalNodes = SYMBOLS - 1;
  const zero = new Int32Array(internalNodes).fill(0);
  const one = new Int32Array(internalNodes).fill(0);
  let nextId = 1; // node 0 is the root; 0 as a child means "not yet created"
  for (let sym = 0; sym < SYMBOLS; sym++) {
    const length = HUFFMAN_CODE_LENGTHS[sym]!;
    const code = HUFFMAN_CODES[sym]!;
    let node = 0;
    for (let bit = length - 1; bit >= 0; bit--) {
      const children = Math.floor(code / 2 ** bit) % 2 === 1 ? one : zero;
      if (bit === 0) {
        children[node] = ~sym;
      } else {
        if (children[node] === 0) children[node] = nextId++;
        node = children[node]!;
      }
    }
  }
  if (nextId !== internalNodes) throw new Error("HPACK Huffman table is not a complete code");
  return { zero, one };
}

function buildTransitions(): Int32Array {
  const { zero, one } = buildTree();
  // Depth and all-ones-ness of each node's path from the root decide valid padding.
  const depth = new Int32Array(SYMBOLS - 1);
  const allOnes = new Uint8Array(SYMBOLS - 1);
  allOnes[0] = 1;
  for (let node = 0; node < SYMBOLS - 1; node++) {
    // Children always get higher ids than their parent, so one pass in id order suffices.
    const z = zero[node]!;
    const o = one[node]!;
    if (z > 0) depth[z] = depth[node]! + 1;
    if (o > 0) {
      depth[o] = depth[node]! + 1;
      allOnes[o] = allOnes[node]!;
    }
  }
  const table = new Int32Array((SYMBOLS - 1) * 16);
  for (let start = 0; start < SYMBOLS - 1; start++) {
    for (let nibble = 0; nibble < 16; nibble++) {
      let node = start;
      let entry = 0;
      for (let bit = 3; bit >= 0; bit--) {
        const child = ((nibble >> bit) & 1) === 1 ? one[node]! : zero[node]!;
        if (child >= 0) {
          node = child;
          continue;
        }
        const sym = ~child;
        if (sym === EOS) {
          entry |= FAILS;
          break;
        }
        entry |= EMITS | (sym << 8);
        node = 0;
      }
      if (allOnes[node] === 1 && depth[node]! <= 7) entry |= MAY_END;
      table[start * 16 + nibble] = entry | node;
    }
  }
  return table;
}

/**
 * Decodes the Huffman string src[start, end) into out (which must hold 2 bytes per input byte).
 * Returns the number of bytes written, or -1 when the string contains EOS or ends in padding
 * that is longer than 7 bits or not all ones.
 */
export function decodeHuffman(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
): number {
  const table = TRANSITIONS;
  let node = 0;
  let written = 0;
  let mayEnd = true;
  for (let i = start; i < end; i++) {
    const byte = src[i]!;
    let entry = table[(node << 4) | (byte >> 4)]!;
    if ((entry & FAILS) !== 0) return -1;
    if ((entry & EMITS) !== 0) out[written++] = (entry >> 8) & 0xff;
    node = entry & 0xff;
    entry = table[(node << 4) | (byte & 0x0f)]!;
    if ((entry & FAILS) !== 0) return -1;
    if ((entry & EMITS) !== 0) out[written++] = (entry >> 8) & 0xff;
    node = entry & 0xff;
    mayEnd = (entry & MAY_END) !== 0;
  }
  return mayEnd ? written : -1;
}

/** Huffman-encodes bytes, padding with ones (used by tests; responses are sent unencoded). */
export function encodeHuffman(bytes: Uint8Array): Uint8Array {
  let bits = 0;
  for (const b of bytes) bits += HUFFMAN_CODE_LENGTHS[b]!;
  const out = new Uint8Array(Math.ceil(bits / 8));
  let acc = 0; // pending bits, right-aligned; stays below 2^38, exact in a double
  let pending = 0;
  let pos = 0;
  for (const b of bytes) {
    acc = acc * 2 ** HUFFMAN_CODE_LENGTHS[b]! + HUFFMAN_CODES[b]!;
    pending += HUFFMAN_CODE_LENGTHS[b]!;
    while (pending >= 8) {
      pending -= 8;
      const top = Math.floor(acc / 2 ** pending);
      out[pos++] = top;
      acc -= top * 2 ** pending;
    }
  }
  if (pending > 0) out[pos] = acc * 2 ** (8 - pending) + (2 ** (8 - pending) - 1);
  return out;
}
