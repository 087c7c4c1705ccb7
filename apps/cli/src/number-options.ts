// Parsers for numeric flags: a bad value is a usage error from commander, naming the flag.
import { InvalidArgumentError } from "commander";

export function positiveAmount(flag: string): (raw: string) => number {
  return (raw) => {
    const value = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || !(value > 0)) {
      throw new InvalidArgumentError(`${flag} takes an amount above 0, e.g. 5 or 2.50`);
    }
    return value;
  };
}

export function positiveWhole(flag: string): (raw: string) => number {
  return (raw) => {
    if (!/^[1-9]\d*$/.test(raw)) throw new InvalidArgumentError(`${flag} takes a whole number above 0`);
    return Number(raw);
  };
}
