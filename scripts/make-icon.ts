// Renders build/icon.svg to build/icon.png (1024×1024) with Debian's Chromium; electron-builder derives the
// Windows .ico and macOS .icns from that PNG. Run after changing the SVG: npx tsx scripts/make-icon.ts
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { CHROMIUM_LAUNCH } from '../playwright.config.js';

const svg = readFileSync(new URL('../build/icon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch(CHROMIUM_LAUNCH);
const page = await browser.newPage({ viewport: { width: 1024, height: 1024 } });
await page.setContent(
  `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', '<svg width="1024" height="1024" ')}</body></html>`,
);
await page.screenshot({ path: fileURLToPath(new URL('../build/icon.png', import.meta.url)), omitBackground: true });
await browser.close();
