// Re-exports of the scripted concern; owned by its folder.
export {};
