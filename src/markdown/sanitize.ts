import { defaultSchema, type Options } from 'rehype-sanitize'

/**
 * Allow-list for raw HTML in contributions: the default GitHub-like schema, plus the classes,
 * ids and roles the pipeline itself emits. No script, iframe, object, embed, form, style,
 * event handlers, or javascript: URLs; `data:` only for images.
 */
export const sanitizeSchema: Options = {
  ...defaultSchema,
  clobberPrefix: '',
  clobber: [],
  tagNames: [...(defaultSchema.tagNames ?? []), 'aside', 'figure', 'figcaption', 'caption', 'abbr', 'section', 'mark', 'small'],
  attributes: {
    ...defaultSchema.attributes,
    // No `name`: `<img name="documentElement">` (or `body`, `title`, `fonts`, `querySelectorAll`...)
    // overrides that property of `document` for every script of the page, the paginator's
    // included (a blank or unpaginated PDF, or a failed print). The default schema keeps `name`
    // safe with a prefix (`clobberPrefix`), which the press turns off for its own ids.
    '*': [...(defaultSchema.attributes?.['*'] ?? []).filter((attribute) => attribute !== 'name'), 'className', 'id', 'role', 'title', 'lang', 'dataPara', 'dataFn', 'dataSource', 'dataWriter', 'dataLine'],
    // The default limits `a` classes to `data-footnote-backref`, which stripped the pipeline's
    // own `xref`, `gloss` and `fn-num`; `className` of '*' applies once that limit is dropped.
    a: [...(defaultSchema.attributes?.['a'] ?? []).filter((attribute) => !(Array.isArray(attribute) && attribute[0] === 'className')), 'href', 'title', 'role'],
    img: [...(defaultSchema.attributes?.['img'] ?? []), 'src', 'alt', 'title', 'width', 'height'],
    // No `srcset`: the press checks and rewrites only `src`, so every other source could load.
    source: []
  },
  protocols: {
    ...defaultSchema.protocols,
    src: ['http', 'https', 'data']
  },
  required: {},
  // Removed with their content: what is inside them is code or markup, never text for the reader.
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'noembed', 'noframes', 'xmp', 'textarea', 'select']
}

/**
 * For Markdown from YAML (glossary definitions, submission texts): the same allow-list, and
 * images only as data: URLs (these texts are not checked for paths like contributions are).
 */
export const definitionSchema: Options = {
  ...sanitizeSchema,
  protocols: { ...sanitizeSchema.protocols, src: ['data'] }
}
