// Re-exports of the fleet concern: the daily budget shared by every session.
export * from "./fleet-budget.ts";
