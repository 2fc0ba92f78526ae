/**
 * The PDF/UA-1 checks `guidelines pdfua` runs: rule id -> the clause of ISO 14289-1 it checks,
 * the Matterhorn Protocol 1.1 checkpoints it covers, and what it asks for. Ids are stable: CI
 * scripts and docs/pdfua.md name them.
 */
export const pdfuaRules = {
  'pdfua-tagged': { clause: '7.1', matterhorn: '01-005', summary: 'the catalog has a StructTreeRoot and /MarkInfo with /Marked true' },
  'pdfua-suspects': { clause: '7.1', matterhorn: '01-007', summary: '/MarkInfo /Suspects is not true' },
  'pdfua-metadata': { clause: '7.1', matterhorn: '06-001', summary: 'the catalog has an XMP /Metadata stream' },
  'pdfua-metadata-part': { clause: '5', matterhorn: '06-002', summary: 'the XMP metadata declares pdfuaid:part 1' },
  'pdfua-metadata-title': { clause: '7.1', matterhorn: '06-003', summary: 'the XMP metadata has a dc:title' },
  'pdfua-display-doc-title': { clause: '7.1', matterhorn: '07-001, 07-002', summary: '/ViewerPreferences /DisplayDocTitle is true' },
  'pdfua-lang': { clause: '7.2', matterhorn: '11-001 to 11-006', summary: 'the catalog has a /Lang, so that the language of all text can be determined' },
  'pdfua-lang-invalid': { clause: '7.2', matterhorn: '11-001 to 11-006', summary: 'every /Lang is a language tag (RFC 3066)' },
  'pdfua-content-untagged': { clause: '7.1', matterhorn: '01-005', summary: 'every painting operation is real content (in a marked-content sequence with an MCID) or an /Artifact' },
  'pdfua-mcid-unreferenced': { clause: '7.1', matterhorn: '01-005', summary: 'every MCID of the content is referenced from the structure tree' },
  'pdfua-artifact-in-content': { clause: '7.1', matterhorn: '01-003', summary: 'no /Artifact sequence inside tagged content' },
  'pdfua-content-in-artifact': { clause: '7.1', matterhorn: '01-004', summary: 'no tagged content inside an /Artifact sequence' },
  'pdfua-role-unmapped': { clause: '7.1', matterhorn: '02-001', summary: 'every structure type is standard (ISO 32000-1, 14.8.4) or mapped to one by /RoleMap' },
  'pdfua-role-circular': { clause: '7.1', matterhorn: '02-003', summary: 'the /RoleMap has no circular mapping' },
  'pdfua-role-remapped': { clause: '7.1', matterhorn: '02-004', summary: 'standard structure types are not remapped' },
  'pdfua-heading-first': { clause: '7.4.2', matterhorn: '14-002', summary: 'the first numbered heading is H1' },
  'pdfua-heading-skip': { clause: '7.4.2', matterhorn: '14-003', summary: 'numbered headings do not skip a level going down' },
  'pdfua-heading-mixed': { clause: '7.4.4', matterhorn: '14-006, 14-007', summary: 'H and H1-H6 are not used in the same document; a node has at most one H child' },
  'pdfua-figure-alt': { clause: '7.3', matterhorn: '13-004', summary: 'every Figure (and Formula) has /Alt or /ActualText' },
  'pdfua-table-structure': { clause: '7.2', matterhorn: '09-004', summary: 'Table holds TR, THead, TBody, TFoot (and one Caption first or last); TR holds TH and TD and is in a table' },
  'pdfua-table-header-scope': { clause: '7.5', matterhorn: '15-003', summary: 'every TH has a /Scope, or the cells of its table name their headers with /Headers' },
  'pdfua-list-structure': { clause: '7.2', matterhorn: '09-005', summary: 'L holds L, LI (and a Caption first); LI is in an L and holds Lbl and LBody; LBody is in an LI' },
  'pdfua-toc-structure': { clause: '7.2', matterhorn: '09-006', summary: 'TOCI is in a TOC; TOC holds TOC, TOCI (and a Caption first)' },
  'pdfua-note-id': { clause: '7.9', matterhorn: '19-003, 19-004', summary: 'every Note has an /ID, unique in the document' },
  'pdfua-link-tag': { clause: '7.18.5', matterhorn: '28-011', summary: 'every Link annotation has a /StructParent and is the content of a Link structure element (OBJR)' },
  'pdfua-link-contents': { clause: '7.18.5', matterhorn: '28-012', summary: 'every Link annotation has a non-empty /Contents' },
  'pdfua-annot-tag': { clause: '7.18.1', matterhorn: '28-002, 28-004', summary: 'other annotations (not Link, Widget, Popup) are in an Annot structure element with /Contents or /Alt' },
  'pdfua-tabs': { clause: '7.18.3', matterhorn: '28-008', summary: 'every page with annotations has /Tabs /S' },
  'pdfua-font-embedded': { clause: '7.21.4.1', matterhorn: '31-001', summary: 'every font used is embedded' },
  'pdfua-font-unicode': { clause: '7.21.7', matterhorn: '31-027, 31-028', summary: 'every font used maps its codes to Unicode (ToUnicode or a standard encoding), with no U+0000, U+FEFF or U+FFFE' },
  'pdfua-font-cidtogid': { clause: '7.21.3.2', matterhorn: '31-008', summary: 'every CIDFontType2 has a /CIDToGIDMap' },
  'pdfua-embedded-file': { clause: '7.11', matterhorn: '21-001', summary: 'the file specification of an embedded file has /F and /UF' },
  'pdfua-content-syntax': { clause: '6.1', matterhorn: '-', summary: 'marked-content operators stand between graphics objects, never inside a path object (ISO 32000-1, 8.2 and 14.6)' },
  'pdfua-unreadable': { clause: '-', matterhorn: '-', summary: 'the file can be read as a PDF (not encrypted, cross-reference information present)' }
} as const satisfies Record<string, { clause: string; matterhorn: string; summary: string }>

/** A rule id of the PDF/UA checker. */
export type PdfUaRuleId = keyof typeof pdfuaRules
