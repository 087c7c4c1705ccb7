// Reading `.samocode` and `.env` as text, whatever is at the path: a symlink is followed (into a dotfiles
// repository, say), but a FIFO, a folder, a device, binary or a file past 1 MiB is one readable error.
import { decodeUtf8, readBoundedFile } from "../io/bounded-file.ts";

/** Far more than any config; a bigger file is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export type ConfigText = { ok: true; text: string } | { ok: false; missing: boolean; reason: string };

export async function readConfigText(path: string): Promise<ConfigText> {
  const read = await readBoundedFile(path, { maxBytes: MAX_CONFIG_BYTES, label: path, followSymlinks: true });
  if (read.kind === "missing")
    return { ok: false, missing: true, reason: `${path}: cannot be read (it does not exist)` };
  if (read.kind === "refused") return { ok: false, missing: false, reason: read.reason };
  const decoded = decodeUtf8(read.bytes, path, false);
  return decoded.ok
    ? { ok: true, text: decoded.text }
    : { ok: false, missing: false, reason: decoded.reason };
}
