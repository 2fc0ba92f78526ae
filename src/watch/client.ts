/** Path prefix of the preview server's own endpoints (never a project file). */
export const endpoint = '/__guidelines'

/**
 * The script the preview server adds to the served HTML edition: listens to the server's
 * events, reloads the page on `reload` (keeping the scroll position), and shows the build's
 * diagnostics in an overlay (`diagnostics` on every build; errors keep the previous page).
 * Plain ES2017 as a string: it runs in the writer's browser, not in Node.
 */
export const clientScript = String.raw`(() => {
  const base = '${endpoint}'
  const key = 'guidelines-watch-scroll:' + location.pathname
  const saved = sessionStorage.getItem(key)
  if (saved) {
    sessionStorage.removeItem(key)
    const y = Number(saved)
    // After the fonts: text laid out in a fallback font would land the page elsewhere.
    addEventListener('load', () => document.fonts.ready.then(() => scrollTo(0, y)))
  }
  // The HTML edition is made for print (@page margins): give it a sheet on screen.
  const style = document.createElement('style')
  style.textContent = '@media screen { html { background: #e8e8e8 } body { box-sizing: border-box; max-width: 210mm; min-height: 100vh;' +
    ' margin: 0 auto !important; padding: 15mm 18mm !important; background: #fff; box-shadow: 0 0 6px rgba(0,0,0,.25) } }'
  document.head.append(style)
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
  fetch(base + '/state').then((r) => r.json()).then(show, () => undefined)
  const events = new EventSource(base + '/events')
  events.addEventListener('reload', () => {
    sessionStorage.setItem(key, String(scrollY))
    location.reload()
  })
  events.addEventListener('diagnostics', (event) => show(JSON.parse(event.data)))
})()
`
