import { loadFontsForText } from '../print/pdf.js'

/** Path prefix of the preview server's own endpoints (never a project file). */
export const endpoint = '/__guidelines'

/** Where the paged view of the HTML edition `NAME.html` is served (`/output/NAME.pages.html`). */
export const pagesSuffix = '.pages.html'

/**
 * The script the preview server adds to the served HTML edition: listens to the server's
 * events, reloads the page on `reload` (keeping the scroll position), and shows the build's
 * diagnostics in an overlay (`diagnostics` on every build; errors keep the previous page).
 * Plain ES2017 as a string: it runs in the writer's browser, not in Node.
 *
 * `view` `html` is the plain view (the HTML edition as a scroll, given a sheet on screen);
 * `pages` is the paged view: the page is served held out of layout, as for the print, and this
 * script runs the print's paginator (`/__guidelines/paginate.js`, loaded before it) with the
 * build's hyphenation and options (`/__guidelines/paginate.json`), after the fonts the text needs,
 * so that the pages are those of the PDF. On `reload` it remembers the page at the top of the
 * window and where in it, and comes back there once the new pages are made. When they are
 * painted it sets `window.guidelinesPreview` ({ pages, folios, timeOrigin, started: when the
 * paginator started and ms: how long it ran, paintedAt: Date.now() }) and fires
 * the `guidelines-painted` event (the bench and the tests wait for it).
 */
export function previewScript(view: 'html' | 'pages'): string {
  return script.replace('__VIEW__', () => view).replace('__LOAD_FONTS__', () => loadFontsForText.toString())
}

const script = String.raw`(() => {
  const base = '${endpoint}'
  const view = '__VIEW__'
  const key = 'guidelines-watch-scroll:' + location.pathname
  const saved = sessionStorage.getItem(key)
  sessionStorage.removeItem(key)
  let box
  let expanded = false
  const show = (state) => {
    const list = state.diagnostics || []
    if (box) box.remove()
    box = undefined
    if (list.length === 0 && !state.failure) return
    // Warnings alone stay folded in a corner; errors (the page is stale) open the panel.
    if (!expanded && !(state.errors > 0) && !state.failure) {
      box = document.createElement('button')
      box.id = 'guidelines-watch-overlay'
      box.textContent = list.length + ' warning' + (list.length === 1 ? '' : 's')
      box.title = 'Show the diagnostics of the last build'
      box.style.cssText = 'position:fixed;right:12px;bottom:12px;z-index:2147483647;background:#1d1f21;color:#ffd27a;border:0;' +
        'border-radius:14px;padding:5px 12px;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;cursor:pointer'
      box.onclick = () => { expanded = true; show(state) }
      document.body.append(box)
      return
    }
    box = document.createElement('div')
    box.id = 'guidelines-watch-overlay'
    box.setAttribute('role', 'status')
    box.style.cssText = 'position:fixed;left:0;right:0;bottom:0;max-height:40vh;overflow:auto;z-index:2147483647;' +
      'background:#1d1f21;color:#eee;font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;padding:10px 14px;' +
      'border-top:3px solid ' + (state.errors > 0 || state.failure ? '#e5484d' : '#f5a524') + ';white-space:pre-wrap'
    const head = document.createElement('div')
    head.style.cssText = 'display:flex;justify-content:space-between;font-weight:bold;margin-bottom:6px'
    const title = document.createElement('span')
    title.textContent = state.failure ? 'Build failed: ' + state.failure
      : state.errors > 0 ? state.errors + ' error(s): the page shows the last good build' : list.length + ' warning(s)'
    const close = document.createElement('button')
    close.textContent = 'x'
    close.title = 'Hide until the next build'
    close.style.cssText = 'background:none;border:0;color:inherit;font:inherit;cursor:pointer'
    close.onclick = () => { expanded = false; box.remove(); box = undefined; if (!(state.errors > 0)) show(state) }
    head.append(title, close)
    box.append(head)
    for (const d of list) {
      const line = document.createElement('div')
      line.style.color = d.severity === 'error' ? '#ff8b8b' : '#ffd27a'
      line.textContent = d.file + ':' + d.line + ':' + d.column + '  ' + d.severity + '  ' + d.message + '  ' + d.rule
      box.append(line)
    }
    document.body.append(box)
  }
  // A link to the other view (plain HTML / pages), when this page is the edition's.
  const toggle = (views) => {
    if (!views || (location.pathname !== views.html && location.pathname !== views.pages)) return
    const link = document.createElement('a')
    link.id = 'guidelines-watch-view'
    link.href = view === 'pages' ? views.html : views.pages
    link.textContent = view === 'pages' ? 'HTML view' : 'Pages view'
    link.title = view === 'pages' ? 'The edition as one scroll of HTML' : 'The edition as pages, as they will print'
    link.style.cssText = 'position:fixed;right:12px;top:12px;z-index:2147483647;background:#1d1f21;color:#fff;text-decoration:none;' +
      'border-radius:14px;padding:5px 12px;font:12px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;opacity:.85'
    document.body.append(link)
  }
  const start = () => fetch(base + '/state').then((r) => r.json()).then((state) => { toggle(state.views); show(state) }, () => undefined)
  const events = new EventSource(base + '/events')
  events.addEventListener('diagnostics', (event) => show(JSON.parse(event.data)))

  if (view === 'html') {
    if (saved) {
      const y = Number(saved)
      // After the fonts: text laid out in a fallback font would land the page elsewhere.
      addEventListener('load', () => document.fonts.ready.then(() => scrollTo(0, y)))
    }
    // The HTML edition is made for print (@page margins): give it a sheet on screen.
    const style = document.createElement('style')
    style.textContent = '@media screen { html { background: #e8e8e8 } body { box-sizing: border-box; max-width: 210mm; min-height: 100vh;' +
      ' margin: 0 auto !important; padding: 15mm 18mm !important; background: #fff; box-shadow: 0 0 6px rgba(0,0,0,.25) } }'
    document.head.append(style)
    start()
    events.addEventListener('reload', () => {
      sessionStorage.setItem(key, String(scrollY))
      location.reload()
    })
    return
  }

  // The paged view. The scroll position comes back after the pagination, not from the browser.
  if ('scrollRestoration' in history) history.scrollRestoration = 'manual'
  let restore = saved ? JSON.parse(saved) : undefined
  const pages = () => document.querySelectorAll('.pages > .page, body > .page')
  // The page at the top of the window (its index) and how far into it the window starts, px.
  const where = () => {
    if (restore) return restore
    const list = pages()
    for (let i = 0; i < list.length; i++) {
      const box = list[i].getBoundingClientRect()
      if (box.bottom > 0) return { page: i, offset: -box.top, x: scrollX }
    }
    return undefined
  }
  events.addEventListener('reload', () => {
    const at = where()
    if (at) sessionStorage.setItem(key, JSON.stringify(at))
    location.reload()
  })
  const style = document.createElement('style')
  style.textContent = '@media screen { html.paginated { background: #e8e8e8 } html.paginated body { padding: 8mm 0 !important }' +
    ' html.paginated .page { margin: 0 auto 8mm; background: #fff; box-shadow: 0 0 6px rgba(0,0,0,.25) } }'
  document.head.append(style)
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => addEventListener('load', resolve, { once: true }))
  const settings = fetch(base + '/paginate.json').then((r) => (r.ok ? r.json() : {}), () => ({}))
  // As the print does: the images loaded, then the font faces the text needs (its body is held out of layout).
  const fonts = loaded.then(__LOAD_FONTS__)
  Promise.all([settings, fonts]).then(([options]) => {
    const started = performance.now()
    const result = globalThis.guidelinesPaginate(options)
    const list = pages()
    if (restore && list.length > 0) {
      const page = list[Math.min(restore.page, list.length - 1)]
      scrollTo(restore.x || 0, page.getBoundingClientRect().top + scrollY + restore.offset)
    }
    restore = undefined
    const ms = performance.now() - started
    start()
    // After the next frame is painted.
    requestAnimationFrame(() => setTimeout(() => {
      window.guidelinesPreview = { pages: result.pages, folios: result.folios, timeOrigin: performance.timeOrigin, started, ms, paintedAt: Date.now() }
      dispatchEvent(new CustomEvent('guidelines-painted', { detail: window.guidelinesPreview }))
    }, 0))
  }).catch((error) => {
    document.documentElement.classList.add('paginated')
    start().then(() => show({ diagnostics: [], failure: 'the paged view could not be made: ' + (error && error.message || error) }))
  })
})()
`

/** The plain view's script (`/__guidelines/client.js`). */
export const clientScript = previewScript('html')
