// Re-exports of the external review concern (`samocode review --with <cli>`); owned by its folder.
export * from "./external-review.ts";
export * from "./review-artifact.ts";
export * from "./review-brief.ts";
