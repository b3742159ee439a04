#!/usr/bin/env node
// Headless exports for scheduled reports: `npx dr-job-stats export --connection NAME --report phases --out FILE.csv`.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
