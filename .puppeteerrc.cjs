/** Never download puppeteer's own browser on install: the press resolves an installed Chrome or Chromium (see src/print/browser.ts). */
module.exports = { skipDownload: true };
