// Placeholder until the paginator lands: reports what Chromium will print.
globalThis.guidelinesPaginate = () => ({ pages: undefined })
