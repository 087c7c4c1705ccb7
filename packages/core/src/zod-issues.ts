// Turns zod issues into readable "path: message" lines once, so raw ZodErrors never reach a user.
import type { z } from "zod";

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join(".");
    return path === "" ? issue.message : `${path}: ${issue.message}`;
  });
}
