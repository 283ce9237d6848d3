// RFC 7541 Appendix C: the example header blocks (C.2 single fields, C.3/C.4 a request
// sequence, C.5/C.6 a response sequence with a 256-byte table), with the fields each decodes
// to and the dynamic table after it, newest entry first.

export type Field = [string, string];

export interface Step {
  block: string;
  fields: Field[];
  table: Field[]; // after the block, newest first
  size: number;
}

const requestFields: Field[][] = [
  [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
  ],
  [
    [":method", "GET"],
    [":scheme", "http"],
    [":path", "/"],
    [":authority", "www.example.com"],
    ["cache-control", "no-cache"],
  ],
  [
    [":method", "GET"],
    [":scheme", "https"],
    [":path", "/index.html"],
    [":authority", "www.example.com"],
    ["custom-key", "custom-value"],
  ],
];
const requestTables: Field[][] = [
  [[":authority", "www.example.com"]],
  [
    ["cache-control", "no-cache"],
    [":authority", "www.example.com"],
  ],
  [
    ["custom-key", "custom-value"],
    ["cache-control", "no-cache"],
    [":authority", "www.example.com"],
  ],
];
const requests = (blocks: string[]): Step[] =>
  blocks.map((block, i) => ({
    block,
    fields: requestFields[i]!,
    table: requestTables[i]!,
    size: [57, 110, 164][i]!,
  }));

const date1 = "Mon, 21 Oct 2013 20:13:21 GMT";
const date2 = "Mon, 21 Oct 2013 20:13:22 GMT";
const location = "https://www.example.com";
const cookie = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
const responseFields: Field[][] = [
  [
    [":status", "302"],
    ["cache-control", "private"],
    ["date", date1],
    ["location", location],
  ],
  [
    [":status", "307"],
    ["cache-control", "private"],
    ["date", date1],
    ["location", location],
  ],
  [
    [":status", "200"],
    ["cache-control", "private"],
    ["date", date2],
    ["location", location],
    ["content-encoding", "gzip"],
    ["set-cookie", cookie],
  ],
];
const responseTables: Field[][] = [
  [
    ["location", location],
    ["date", date1],
    ["cache-control", "private"],
    [":status", "302"],
  ],
  [
    [":status", "307"],
    ["location", location],
    ["date", date1],
    ["cache-control", "private"],
  ],
  [
    ["set-cookie", cookie],
    ["content-encoding", "gzip"],
    ["date", date2],
  ],
];
const responses = (blocks: string[]): Step[] =>
  blocks.map((block, i) => ({
    block,
    fields: responseFields[i]!,
    table: responseTables[i]!,
    size: [222, 222, 215][i]!,
  }));

export const appendixC: Array<{ name: string; maxTableSize: number; steps: Step[] }> = [
  {
    name: "C.2.1 literal with indexing",
    maxTableSize: 4096,
    steps: [
      {
        block: "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572",
        fields: [["custom-key", "custom-header"]],
        table: [["custom-key", "custom-header"]],
        size: 55,
      },
    ],
  },
  {
    name: "C.2.2 literal without indexing",
    maxTableSize: 4096,
    steps: [
      {
        block: "040c 2f73 616d 706c 652f 7061 7468",
        fields: [[":path", "/sample/path"]],
        table: [],
        size: 0,
      },
    ],
  },
  {
    name: "C.2.3 literal never indexed",
    maxTableSize: 4096,
    steps: [
      {
        block: "1008 7061 7373 776f 7264 0673 6563 7265 74",
        fields: [["password", "secret"]],
        table: [],
        size: 0,
      },
    ],
  },
  {
    name: "C.2.4 indexed field",
    maxTableSize: 4096,
    steps: [{ block: "82", fields: [[":method", "GET"]], table: [], size: 0 }],
  },
  {
    name: "C.3 requests without Huffman",
    maxTableSize: 4096,
    steps: requests([
      "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d",
      "8286 84be 5808 6e6f 2d63 6163 6865",
      "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65",
    ]),
  },
  {
    name: "C.4 requests with Huffman",
    maxTableSize: 4096,
    steps: requests([
      "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff",
      "8286 84be 5886 a8eb 1064 9cbf",
      "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf",
    ]),
  },
  {
    name: "C.5 responses without Huffman, 256-byte table",
    maxTableSize: 256,
    steps: responses([
      `4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133
       2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70
       6c65 2e63 6f6d`,
      "4803 3330 37c1 c0bf",
      `88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d
       54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049
       5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e
       3d31`,
    ]),
  },
  {
    name: "C.6 responses with Huffman, 256-byte table",
    maxTableSize: 256,
    steps: responses([
      `4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6
       2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3`,
      "4883 640e ffc1 c0bf",
      `88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab
       77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
       9587 3160 65c0 03ed 4ee5 b106 3d50 07`,
    ]),
  },
];
