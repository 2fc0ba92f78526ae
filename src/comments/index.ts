export { readComments, type Comment, type CommentsResult, type Reply, type SourcePlace } from './map.js'
export { replacementPatch, type PatchResult } from './patch.js'
export { formatCsv, formatJson, formatMarkdown, tableRows } from './format.js'
export { sourceMapName, decodeSourceMap, type SourceMap, type LayoutBlock } from './source-map.js'
