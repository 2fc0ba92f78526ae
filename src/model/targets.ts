/** Kinds of things a `[](#id)` reference can point at. */
export type TargetKind = 'chapter' | 'annex' | 'section' | 'front' | 'heading' | 'paragraph' | 'table' | 'figure' | 'glossary'

/** A reference target: what `[](#id)` renders as, and where it links. */
export interface Target {
  id: string
  kind: TargetKind
  /** Text of an empty reference: "Chapter 3", "Section 3.c.ii", "Table 4", "paragraph 17". */
  label: string
  /** Title for lists and tooltips (heading text, caption). */
  title: string
}

/** Read-only map of every target in the document, built once per edition by `numberDocument`. */
export type Targets = ReadonlyMap<string, Target>
