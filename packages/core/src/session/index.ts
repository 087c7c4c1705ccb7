// Re-exports of the session concern; owned by its folder.
export {};
