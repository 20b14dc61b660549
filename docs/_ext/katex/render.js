// Reads one JSON request per line, {"latex": ..., "display": bool}, and answers one JSON line,
// {"html": ...} or {"error": ...}. Started once per build by katex_math.py.
"use strict";
const katex = require("./katex.min.js");
const readline = require("readline");

const lines = readline.createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const request = JSON.parse(line);
  let reply;
  try {
    reply = {
      html: katex.renderToString(request.latex, {
        displayMode: request.display,
        throwOnError: true,
        strict: "error",
      }),
    };
  } catch (error) {
    reply = { error: String(error.message || error) };
  }
  process.stdout.write(JSON.stringify(reply) + "\n");
});
