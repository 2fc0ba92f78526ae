import { describe, expect, test } from 'vitest'
import { cloneTree } from '../../src/link/number.js'

describe('cloneTree (the copy of a parsed tree each edition numbers)', () => {
  test('copies deeply, keeps an object reached twice as one copy, and notes each copy', () => {
    const caption = [{ type: 'text', value: 'Caption' }]
    const position = { start: { line: 3, column: 1, offset: 10 }, end: { line: 3, column: 8, offset: 17 } }
    const table = { type: 'table', data: { caption, also: caption }, position, children: [{ type: 'tableRow', children: [] }] }
    const tree = { type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'a', position }] }, table] }
    const copies = new Map<object, unknown>()
    const copy = cloneTree(tree, copies) as typeof tree
    expect(copy).toEqual(tree)
    expect(copy).not.toBe(tree)
    const tableCopy = copies.get(table) as typeof table
    expect(tableCopy).toBe(copy.children[1])
    expect(tableCopy.data.caption).toBe(tableCopy.data.also)
    expect(tableCopy.data.caption).not.toBe(caption)
    expect(tableCopy.position).toBe((copy.children[0] as { children: Array<{ position: unknown }> }).children[0]!.position)
    tableCopy.data.caption[0]!.value = 'Changed'
    tableCopy.position.start.line = 99
    expect(caption[0]!.value).toBe('Caption')
    expect(position.start.line).toBe(3)
  })

  test('copies what is not a plain object or array (a Map in data) as structuredClone does', () => {
    const map = new Map([['k', { v: 1 }]])
    const tree = { type: 'root', data: { map }, children: [] }
    const copy = cloneTree(tree, new Map()) as typeof tree
    expect(copy.data.map).toBeInstanceOf(Map)
    expect(copy.data.map).not.toBe(map)
    expect(copy.data.map.get('k')).toEqual({ v: 1 })
  })
})
