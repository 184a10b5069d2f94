import type { BrowserContext, Worker } from '@playwright/test';
export const ROOT: string;
export const EXT_DIR: string;
export const BROWSER_ARGS: string[];
export function launchWithExtension(options?: { extDir?: string; headless?: boolean; viewport?: { width: number; height: number } }): Promise<BrowserContext>;
export function serviceWorker(context: BrowserContext): Promise<Worker>;
