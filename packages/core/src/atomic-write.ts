// Every state file is written through here: temp file in the same folder, fsync, rename.
import writeFileAtomic from "write-file-atomic";

export async function writeFileAtomically(path: string, data: string): Promise<void> {
  await writeFileAtomic(path, data, { encoding: "utf8", fsync: true });
}

export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}
