// Pure: where a convoy stands, from its members' hooks — landed when every member is done, stuck while
// one is blocked or failed — and which outcomes deserve an announcement, each under a key that stays the
// same for as long as the member stays in that episode, so the supervisor can announce it exactly once.
import { createHash } from "node:crypto";
import type { Hook, SessionStateName } from "@samocode/core";
import type { Convoy } from "./convoy-file.ts";

/** A member as read for this look: its hook, or why there is none. */
export type MemberRead =
  | { session: string; hook: Hook }
  /** `samocode rm` archived it (or its folder is gone). */
  | { session: string; removed: true }
  | { session: string; unreadable: string };

export type MemberState = SessionStateName | "removed" | "unreadable";

export type ConvoyVerdict =
  /** Every member still present is done. */
  | "landed"
  /** At least one member is blocked or failed: a human is needed. */
  | "stuck"
  | "moving"
  /** No member yet (a `convoy create` interrupted before its first spawn). */
  | "empty";

export type ConvoyOutcome =
  | { key: string; kind: "landed"; sessions: string[] }
  | { key: string; kind: "stuck"; hook: Hook };

export type ConvoyProgress = {
  id: string;
  verdict: ConvoyVerdict;
  members: Array<{ session: string; state: MemberState; hook: Hook | null; detail: string }>;
  counts: Partial<Record<MemberState, number>>;
  /** What is true now and worth one message; the caller drops the keys it has announced before. */
  outcomes: ConvoyOutcome[];
};

export function convoyProgress(convoy: Convoy, reads: MemberRead[]): ConvoyProgress {
  const members = reads.map(describeMember);
  const counts: Partial<Record<MemberState, number>> = {};
  for (const member of members) counts[member.state] = (counts[member.state] ?? 0) + 1;
  const present = members.filter((member) => member.state !== "removed");
  const stuck = reads.flatMap((read) =>
    "hook" in read && (read.hook.state === "blocked" || read.hook.state === "failed") ? [read.hook] : [],
  );
  const landed = present.length > 0 && present.every((member) => member.state === "done");
  const verdict: ConvoyVerdict = landed
    ? "landed"
    : stuck.length > 0
      ? "stuck"
      : members.length === 0
        ? "empty"
        : "moving";
  const outcomes: ConvoyOutcome[] = stuck.map((hook) => ({ key: stuckKey(hook), kind: "stuck", hook }));
  if (landed) {
    const sessions = present.map((member) => member.session);
    outcomes.push({ key: landedKey(sessions), kind: "landed", sessions });
  }
  return { id: convoy.id, verdict, members, counts, outcomes };
}

/** Landing is final for a set of members; a session added later makes a new landing to announce. */
export function landedKey(sessions: readonly string[]): string {
  const hash = createHash("sha256").update(sessions.join("\u0000")).digest("hex").slice(0, 12);
  return `landed:${hash}`;
}

/**
 * The fields that change only when a member enters a settled state again (a resume and a new block, or a
 * new reason), so a member blocked twice is announced twice and a member blocked once only once.
 */
export function stuckKey(hook: Hook): string {
  const parts = [
    hook.state,
    hook.phase,
    hook.reason ?? "",
    String(hook.iteration),
    String(hook.nextAttempt),
    hook.lastActivityAt,
  ];
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 12);
  return `stuck:${hook.session}:${hash}`;
}

function describeMember(read: MemberRead): ConvoyProgress["members"][number] {
  if ("removed" in read) return { session: read.session, state: "removed", hook: null, detail: "removed" };
  if ("unreadable" in read)
    return { session: read.session, state: "unreadable", hook: null, detail: read.unreadable };
  const { hook } = read;
  return { session: read.session, state: hook.state, hook, detail: detailOf(hook) };
}

function detailOf(hook: Hook): string {
  if (hook.state === "waiting") return `waiting for ${hook.waitingFor ?? "a human"}`;
  if (hook.state === "blocked" || hook.state === "failed" || hook.state === "paused")
    return hook.reason ?? hook.state;
  return `${hook.phase}, iteration ${hook.iteration}`;
}
