import { loadFontsForText } from '../print/pdf.js'

/** Path prefix of the preview server's own endpoints (never a project file). */
export const endpoint = '/__guidelines'

/** Where the paged view of the HTML edition `NAME.html` is served (`/output/NAME.pages.html`). */
export const pagesSuffix = '.pages.html'

/**
 * The script the preview server adds to the served HTML edition: listens to the server's
 * events, reloads the page on `reload` (keeping the scroll position), and shows the build's
 * diagnostics in an overlay (`diagnostics` on every build; errors keep the previous page), with
 * a link to the other view. Plain ES2017 as a string: it runs in the writer's browser, not in Node.
 *
 * `view` `html` is the plain view (the HTML edition as a scroll, given a sheet on screen).
 * `pages` is the paged view: the page is served held out of layout, as for the print, and this
 * script runs the print's paginator (`/__guidelines/paginate.js`, loaded before it) with the
 * build's hyphenation and options (`/__guidelines/paginate.json`), after the images and the
 * fonts the text needs, so that the pages are those of the PDF. On `reload` it fetches the new
 * HTML and, when only its body changed, puts it in place of the old one and paginates again
 * (styles and fonts stay loaded), keeping the pages that did not change (src/paginate/memory.ts);
 * otherwise it reloads the page. Either way it comes back to
 * the page that was at the top of the window, at the same place on it. Once the pages are
 * painted it sets `window.guidelinesPreview` ({ pages, kept (pages kept from the last run), folios, phases and ms of the paginator,
 * and as Date.now() values: received (the reload event, or the navigation), startedAt (the
 * paginator), paintedAt }) and fires `guidelines-painted` (the bench and the tests wait for it).
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
  // The document as served (held out of layout, not yet paginated): a new build whose head and
  // root are the same replaces the body in place (fonts and styles stay loaded); any other
  // change reloads the page.
  const servedHead = document.head.innerHTML
  const rootAttributes = (root) => [...root.attributes].map((a) => a.name + '=' + a.value).join('\n')
  const servedRoot = rootAttributes(document.documentElement)
  let restore = saved ? JSON.parse(saved) : undefined
  let paginatorStyles = []
  const pages = () => document.querySelectorAll('.pages > .page')
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
  const reload = () => {
    const at = where()
    if (at) sessionStorage.setItem(key, JSON.stringify(at))
    location.reload()
  }
  const style = document.createElement('style')
  style.textContent = '@media screen { html.paginated { background: #e8e8e8 } html.paginated body { padding: 8mm 0 !important }' +
    ' html.paginated .page { margin: 0 auto 8mm; background: #fff; box-shadow: 0 0 6px rgba(0,0,0,.25) } }'
  document.head.append(style)
  const settings = () => fetch(base + '/paginate.json').then((r) => (r.ok ? r.json() : {}), () => ({}))
  const loadFonts = __LOAD_FONTS__
  // As the print does: the images loaded, then the font faces the text needs (the body is held out of layout).
  const images = () => Promise.all([...document.images].map((img) => (img.complete ? undefined : new Promise((resolve) => { img.onload = img.onerror = resolve }))))
  // When the build being shown reached this page (the event, or the navigation), ms since the epoch.
  let received = performance.timeOrigin
  const paginate = (options) => {
    const started = performance.now()
    const startedAt = Date.now()
    const before = new Set(document.head.children)
    const result = globalThis.guidelinesPaginate(Object.assign({}, options, { remember: true }))
    paginatorStyles = paginatorStyles.concat([...document.head.children].filter((e) => !before.has(e)))
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
      window.guidelinesPreview = { pages: result.pages, kept: result.kept, folios: result.folios, received, startedAt, ms, phases: result.phases, paintedAt: Date.now() }
      dispatchEvent(new CustomEvent('guidelines-painted', { detail: window.guidelinesPreview }))
    }, 0))
  }
  const failed = (error) => {
    document.documentElement.classList.add('paginated')
    start().then(() => show({ diagnostics: [], failure: 'the paged view could not be made: ' + (error && error.message || error) }))
  }
  let busy = Promise.resolve()
  // A new build: its HTML fetched and parsed while the paginator's options are made, the body
  // replaced, the pages made again, the window brought back to its page.
  const refresh = async (at) => {
    received = at
    const [text, options] = await Promise.all([fetch(location.href, { cache: 'no-store' }).then((r) => (r.ok ? r.text() : undefined)), settings()])
    const next = text === undefined ? undefined : new DOMParser().parseFromString(text, 'text/html')
    if (!next || next.head.innerHTML !== servedHead || rootAttributes(next.documentElement) !== servedRoot) return reload()
    restore = where()
    const body = document.adoptNode(next.body)
    const newText = body.textContent
    // The pages of the last run stay laid out beside the new body; the paginator keeps those
    // that did not change. Without them (a first run that failed), a fresh start.
    if (!(globalThis.guidelinesNextBody && globalThis.guidelinesNextBody(body))) {
      for (const element of paginatorStyles) element.remove()
      paginatorStyles = []
      document.documentElement.classList.remove('paginated')
      document.body.replaceWith(body)
    }
    await images()
    await loadFonts(newText)
    paginate(options)
  }
  events.addEventListener('reload', () => {
    const at = Date.now()
    busy = busy.then(() => refresh(at)).catch(reload)
  })
  const loaded = document.readyState === 'complete' ? Promise.resolve() : new Promise((resolve) => addEventListener('load', resolve, { once: true }))
  busy = Promise.all([settings(), loaded.then(() => loadFonts())]).then(([options]) => paginate(options)).catch(failed)
})()
`

/** The plain view's script (`/__guidelines/client.js`). */
export const clientScript = previewScript('html')
