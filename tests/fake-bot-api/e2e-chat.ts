// The bot and chat the end-to-end tests give the supervisor, and the env that points it at a fake Bot API.
import type { FakeBotApi } from "./fake-bot-api.ts";

export const E2E_TOKEN = "123456789:AAFakeTokenForSamocodeTests_abcdefghij";
export const E2E_CHAT = "1001";

/** TELEGRAM_* for a project whose supervisor should talk to `api`. */
export function telegramEnv(api: FakeBotApi): Record<string, string> {
  return { TELEGRAM_BOT_TOKEN: E2E_TOKEN, TELEGRAM_CHAT_ID: E2E_CHAT, TELEGRAM_API_ROOT: api.apiRoot };
}
