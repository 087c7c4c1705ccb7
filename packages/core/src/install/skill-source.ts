// The skill text shipped in `skills/samocode/SKILL.md`, with the command that runs this samocode filled in.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { SamocodeError } from "../errors.ts";
import { shellWord } from "../shell-word.ts";

export const SKILL_SOURCE = fileURLToPath(new URL("../../../../skills/samocode/SKILL.md", import.meta.url));

/** The checkout's launcher: it works from any folder, with or without samocode on PATH. */
export const DEFAULT_SAMOCODE_COMMAND = fileURLToPath(new URL("../../../../samocode", import.meta.url));

const PLACEHOLDER = "{{samocode}}";

/** `command` is used as typed (e.g. `samocode` when it is on PATH); the default is the quoted launcher path. */
export async function renderSkill(command: string = shellWord(DEFAULT_SAMOCODE_COMMAND)): Promise<string> {
  if (command.trim() === "" || /[\n\r`]/.test(command)) {
    throw new SamocodeError(
      "usage",
      `the samocode command must be one line without backticks, got ${JSON.stringify(command)}`,
    );
  }
  const template = await readFile(SKILL_SOURCE, "utf8").catch((error: unknown) => {
    throw new SamocodeError("io", `cannot read the skill text ${SKILL_SOURCE}`, { cause: error });
  });
  return template.replaceAll(PLACEHOLDER, command.trim());
}
