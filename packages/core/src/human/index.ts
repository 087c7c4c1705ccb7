// Entry point `@samocode/core/human`: the human actions alone, for a process that has not loaded the rest
// of the package (the PM2 worker's approve and stop actions).
export { decidePlan, markStopped, STOPPED_BY_HUMAN } from "./human-actions.ts";
