// Re-exports of the phases concern; owned by its folder.
export {};
