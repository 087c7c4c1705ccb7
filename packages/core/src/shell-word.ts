// A path or word as a person pastes it into a shell: quoted only when it has to be.

export function shellWord(word: string): string {
  if (/^[\w./~+:@%-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
