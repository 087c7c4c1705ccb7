// Re-exports of the signals concern; owned by its folder.
export {};
