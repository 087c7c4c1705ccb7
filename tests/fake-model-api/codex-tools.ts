// Picks the tool Codex offered in its request and phrases a scripted file write as a call to it.
import type { FakeTurn } from "./script.ts";

export type ResponsesToolCall =
  | { kind: "function"; name: string; arguments: string }
  | { kind: "custom"; name: string; input: string };

function toolNames(tools: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const tool of tools) {
    if (typeof tool === "object" && tool !== null && "name" in tool && typeof tool.name === "string") {
      names.add(tool.name);
    }
  }
  return names;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function writeScript(path: string, content: string): string {
  return `printf '%s' ${shellQuote(content)} > ${shellQuote(path)}`;
}

function patchCall(path: string, content: string): ResponsesToolCall {
  const lines = content.split("\n").map((line) => `+${line}`);
  const patch = ["*** Begin Patch", `*** Add File: ${path}`, ...lines, "*** End Patch", ""].join("\n");
  return { kind: "custom", name: "apply_patch", input: patch };
}

/** The first offered tool that can write a file, phrased as that tool expects its arguments. */
function writeCall(write: NonNullable<FakeTurn["writeFile"]>, offered: Set<string>): ResponsesToolCall {
  const { path, content } = write;
  if (write.codexTool === "apply_patch" && offered.has("apply_patch")) return patchCall(path, content);
  const script = writeScript(path, content);
  if (offered.has("exec_command")) {
    return { kind: "function", name: "exec_command", arguments: JSON.stringify({ cmd: script }) };
  }
  if (offered.has("shell_command")) {
    return { kind: "function", name: "shell_command", arguments: JSON.stringify({ command: script }) };
  }
  if (offered.has("shell")) {
    const args = { command: ["bash", "-lc", script] };
    return { kind: "function", name: "shell", arguments: JSON.stringify(args) };
  }
  return patchCall(path, content);
}

export function codexToolCall(turn: FakeTurn, tools: unknown[]): ResponsesToolCall | undefined {
  if (turn.tool)
    return { kind: "function", name: turn.tool.name, arguments: JSON.stringify(turn.tool.input) };
  if (turn.writeFile) return writeCall(turn.writeFile, toolNames(tools));
  return undefined;
}
