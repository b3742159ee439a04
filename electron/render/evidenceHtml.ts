import type { Component } from 'svelte';
import { render } from 'svelte/server';
import { cssString, runningHeader, type EvidenceReportModel, type ReportDocumentProps } from '../contract/report.js';
import ReportDocumentComponent from '../../renderer/src/components/report/ReportDocument.svelte';
import appCss from '../../renderer/src/app.css?raw';

/** The component declares these props itself (svelte-check holds it to them); TypeScript here sees only a .svelte. */
const ReportDocument = ReportDocumentComponent as unknown as Component<ReportDocumentProps>;

/** A report file shows nothing from elsewhere and runs nothing: its styles are inline, its timelines SVG. */
const FILE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** Paper is light whatever the reader's screen: the app's dark colours are for the screen only. */
function lightOnly(css: string): string {
  return css.replace(/@media \(prefers-color-scheme: dark\) \{\s*:root \{[^}]*\}\s*\}/, '');
}

/**
 * The DR test evidence report as one self-contained, print-ready HTML file: the report screen's own component
 * (ReportDocument.svelte) rendered on the server from the same model, the app's styles inlined, no script. A
 * scheduled export writes it; a browser opens it or prints it to PDF exactly as the app prints its report.
 */
export function evidenceReportHtml(
  model: EvidenceReportModel,
  options: { utc: boolean; paper: 'A4' | 'Letter'; title: string },
): string {
  const { head, body } = render(ReportDocument, { props: { model, utc: options.utc, paper: options.paper } });
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${FILE_POLICY}">`,
    '<meta name="color-scheme" content="light">',
    `<title>${escapeHtml(options.title)}</title>`,
    `<style>${lightOnly(appCss)}</style>`,
    // Every page's top margin names the CommServe, the scope and the evidence hash (app.css: @page).
    `<style>:root { --report-running: ${cssString(runningHeader(model))}; }</style>`,
    head,
    '</head>',
    `<body class="report-file">${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
