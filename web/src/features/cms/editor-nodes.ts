/**
 * The parts of an article body Tiptap's starter kit does not know: simple tables (a caption, rows
 * of header and data cells with scope/colspan/rowspan — what a statistical table needs, without
 * cell merging tools) and live data embeds (`<figure data-embed data-dataset data-selection>`,
 * rendered by the website from the public datasets at view time). Their HTML is exactly what the
 * server's allowlist keeps, so what is edited is what is stored.
 */
import { Node } from '@tiptap/react';

const cellAttrs = {
  colspan: { default: null as string | null },
  rowspan: { default: null as string | null },
};

export const SimpleTable = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  isolating: true,
  addAttributes: () => ({
    caption: {
      default: '',
      parseHTML: (el) => el.querySelector('caption')?.textContent ?? '',
      renderHTML: () => ({}),
    },
  }),
  // Rows are read through thead/tbody; the caption is an attribute, not content.
  parseHTML: () => [{ tag: 'table' }, { tag: 'caption', ignore: true }],
  renderHTML: ({ node }) =>
    node.attrs.caption ? ['table', ['caption', node.attrs.caption], ['tbody', 0]] : ['table', ['tbody', 0]],
});

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableHeader | tableCell)+',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: () => ['tr', 0],
});

export const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'inline*',
  isolating: true,
  addAttributes: () => ({ ...cellAttrs, scope: { default: 'col' as string | null } }),
  parseHTML: () => [{ tag: 'th' }],
  renderHTML: ({ HTMLAttributes }) => ['th', HTMLAttributes, 0],
});

export const TableCell = Node.create({
  name: 'tableCell',
  content: 'inline*',
  isolating: true,
  addAttributes: () => cellAttrs,
  parseHTML: () => [{ tag: 'td' }],
  renderHTML: ({ HTMLAttributes }) => ['td', HTMLAttributes, 0],
});

export interface EmbedAttrs {
  kind: 'table' | 'chart';
  dataset: string;
  selection: string;
  caption: string;
}

export const DataEmbed = Node.create({
  name: 'dataEmbed',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes: () => ({
    kind: { default: 'chart', parseHTML: (el) => el.getAttribute('data-embed'), renderHTML: () => ({}) },
    dataset: { default: '', parseHTML: (el) => el.getAttribute('data-dataset'), renderHTML: () => ({}) },
    selection: {
      default: '',
      parseHTML: (el) => el.getAttribute('data-selection') ?? '',
      renderHTML: () => ({}),
    },
    caption: {
      default: '',
      parseHTML: (el) => el.querySelector('figcaption')?.textContent ?? '',
      renderHTML: () => ({}),
    },
  }),
  parseHTML: () => [{ tag: 'figure[data-embed]' }],
  renderHTML: ({ node }) => [
    'figure',
    {
      'data-embed': node.attrs.kind,
      'data-dataset': node.attrs.dataset,
      'data-selection': node.attrs.selection,
    },
    ['figcaption', node.attrs.caption || `${node.attrs.dataset} ${node.attrs.selection}`],
  ],
});

/** A 3 × 3 table with a header row, to be filled in. */
export function newTable(header: string) {
  const cell = (type: 'tableHeader' | 'tableCell', text: string) => ({
    type,
    ...(type === 'tableHeader' ? { attrs: { scope: 'col' } } : {}),
    content: text ? [{ type: 'text', text }] : [],
  });
  return {
    type: 'table',
    content: [
      {
        type: 'tableRow',
        content: [cell('tableHeader', header), cell('tableHeader', ' '), cell('tableHeader', ' ')],
      },
      { type: 'tableRow', content: [cell('tableCell', ''), cell('tableCell', ''), cell('tableCell', '')] },
      { type: 'tableRow', content: [cell('tableCell', ''), cell('tableCell', ''), cell('tableCell', '')] },
    ],
  };
}
