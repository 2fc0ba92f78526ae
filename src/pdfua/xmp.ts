/** What the press writes into a PDF's XMP metadata packet. */
export interface XmpFields {
  title: string
  /** Document language (BCP 47), for dc:title's xml:lang and dc:language. */
  language?: string
  creators?: string[]
  description?: string
  keywords?: string[]
  creatorTool: string
  producer: string
  date: Date
}

const escapeXml = (value: string) => value.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!)

/**
 * An XMP packet (ISO 16684-1) with Dublin Core title, creators, description and language, the
 * PDF and XMP basic properties, and the PDF/UA identification `pdfuaid:part` 1. Dates are the
 * given `date` (SOURCE_DATE_EPOCH in builds), so packets are reproducible; no instance ID.
 */
export function buildXmp(fields: XmpFields): string {
  const iso = fields.date.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const lang = escapeXml(fields.language ?? 'x-default')
  const creators = fields.creators?.length ? `\n   <dc:creator><rdf:Seq>${fields.creators.map((c) => `<rdf:li>${escapeXml(c)}</rdf:li>`).join('')}</rdf:Seq></dc:creator>` : ''
  const description = fields.description ? `\n   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(fields.description)}</rdf:li></rdf:Alt></dc:description>` : ''
  const language = fields.language ? `\n   <dc:language><rdf:Bag><rdf:li>${lang}</rdf:li></rdf:Bag></dc:language>` : ''
  const keywords = fields.keywords?.length ? `\n   <pdf:Keywords>${escapeXml(fields.keywords.join(', '))}</pdf:Keywords>` : ''
  // The title in x-default and, when known, in the document's language too.
  const titles = `<rdf:li xml:lang="x-default">${escapeXml(fields.title)}</rdf:li>${fields.language ? `<rdf:li xml:lang="${lang}">${escapeXml(fields.title)}</rdf:li>` : ''}`
  return `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt>${titles}</rdf:Alt></dc:title>${creators}${description}${language}
   <pdf:Producer>${escapeXml(fields.producer)}</pdf:Producer>${keywords}
   <xmp:CreatorTool>${escapeXml(fields.creatorTool)}</xmp:CreatorTool>
   <xmp:CreateDate>${iso}</xmp:CreateDate>
   <xmp:ModifyDate>${iso}</xmp:ModifyDate>
   <xmp:MetadataDate>${iso}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`
}

/**
 * The PDF/UA identification and title of an XMP packet. Read with patterns rather than an XML
 * parser (none is a dependency of the press): XMP writes a property either as an element
 * (`<pdfuaid:part>1</pdfuaid:part>`) or as an attribute (`pdfuaid:part="1"`), with any prefix
 * bound to the namespace; both forms and the prefix are read from the packet.
 */
export function readXmp(xml: string): { part?: string; title?: string } {
  const prefixOf = (namespace: string) => {
    const escaped = namespace.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    return new RegExp(`xmlns:([\\w.-]+)\\s*=\\s*["']${escaped}["']`).exec(xml)?.[1]
  }
  const property = (prefix: string | undefined, name: string) => {
    if (!prefix) return undefined
    const element = new RegExp(`<${prefix}:${name}(?:\\s[^>]*)?>([^]*?)</${prefix}:${name}>`).exec(xml)?.[1]
    if (element !== undefined) return element.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()
    return new RegExp(`\\s${prefix}:${name}\\s*=\\s*["']([^"']*)["']`).exec(xml)?.[1]?.trim()
  }
  return { part: property(prefixOf('http://www.aiim.org/pdfua/ns/id/'), 'part'), title: property(prefixOf('http://purl.org/dc/elements/1.1/'), 'title') }
}
