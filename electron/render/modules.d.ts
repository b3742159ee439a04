// What TypeScript (tsconfig.node.json) needs to know of the stylesheet the server renderer inlines; vite reads it
// as text (electron.vite.config.ts for the bundle, vitest.config.ts for tests).
declare module '*.css?raw' {
  const css: string;
  export default css;
}
