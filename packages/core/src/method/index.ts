// Re-exports of the method concern (the plugin with samocode's skills and reviewer agents); owned by its folder.
export * from "./method-plugin.ts";
export * from "./method-prompt.ts";
