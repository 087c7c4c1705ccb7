// Filled in by later issues; see AGENTS.md.
export {};
