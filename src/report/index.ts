/** The HTML around the webview bundle: the VS Code panel page and the self-contained report. */
export { renderReportHtml, renderWebviewHtml, newNonce, embedJson, type ReportOptions, type ReportPayload, type WebviewHtmlOptions } from './page';
export { writeReportFile, writeFileAtomically } from './write';
export { findMediaDir, readAssets, type WebviewAssets } from './assets';
export { renderCapacityReport, writeCapacityReport } from './capacity';
