// Re-exports of the config concern; owned by its folder.
export {};
