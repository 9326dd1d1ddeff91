/**
 * The article body editor: Tiptap (ProseMirror) with the starter kit (headings, lists, links, …),
 * our images, simple tables and live data embeds. A toolbar of labelled buttons; the editable
 * area is a labelled multi-line textbox. The HTML it produces is cleaned again on the server.
 */
import Image from '@tiptap/extension-image';
import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Flex, Form, Input, Modal, Radio, Tooltip, theme, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { cmsApi } from './api.ts';
import {
  DataEmbed,
  type EmbedAttrs,
  newTable,
  SimpleTable,
  TableCell,
  TableHeader,
  TableRow,
} from './editor-nodes.ts';

const EDITOR_STYLE_ID = 'cms-editor-style';

/** The editor's own look (the embed placeholder, table grid), from the theme's tokens. */
function useEditorCss() {
  const { token } = theme.useToken();
  useEffect(() => {
    if (document.getElementById(EDITOR_STYLE_ID)) return;
    const el = document.createElement('style');
    el.id = EDITOR_STYLE_ID;
    el.textContent = `
.cms-body .ProseMirror { min-height: 280px; padding: 12px; outline: none; }
.cms-body .ProseMirror:focus-visible { box-shadow: 0 0 0 2px ${token.colorPrimary}; }
.cms-body table { border-collapse: collapse; margin: 8px 0; }
.cms-body th, .cms-body td { border: 1px solid ${token.colorBorder}; padding: 4px 8px; min-width: 60px; }
.cms-body figure[data-embed] { border: 1px dashed ${token.colorPrimary}; padding: 12px; margin: 8px 0; background: ${token.colorFillAlter}; }
.cms-body figure[data-embed]::before { content: '▦ ' attr(data-embed) ' · ' attr(data-dataset); color: ${token.colorText}; font-weight: 600; }
.cms-body img { max-width: 100%; }`;
    document.head.append(el);
  }, [token]);
}

export function RichEditor({
  value,
  onChange,
  labelledBy,
  onError,
  editable = true,
}: {
  value: string;
  onChange: (html: string) => void;
  labelledBy: string;
  onError: (e: unknown) => void;
  editable?: boolean;
}) {
  const { token } = theme.useToken();
  useEditorCss();
  const editor = useEditor({
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3, 4] },
        codeBlock: false,
        link: { openOnClick: false },
      }),
      Image,
      SimpleTable,
      TableRow,
      TableHeader,
      TableCell,
      DataEmbed,
    ],
    content: value,
    editorProps: {
      attributes: {
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-labelledby': labelledBy,
        'data-testid': 'cms-body-editor',
      },
    },
    onUpdate: ({ editor: e }) => onChange(e.getHTML()),
  });
  // A different article (or version) loaded from outside replaces the content.
  useEffect(() => {
    if (editor && value !== editor.getHTML()) editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);
  useEffect(() => {
    editor?.setEditable(editable);
  }, [editor, editable]);
  if (!editor) return null;
  return (
    <div
      className="cms-body"
      style={{ border: `1px solid ${token.colorBorder}`, borderRadius: token.borderRadius }}
    >
      {editable ? <Toolbar editor={editor} onError={onError} /> : null}
      <EditorContent editor={editor} />
    </div>
  );
}

function Toolbar({ editor, onError }: { editor: Editor; onError: (e: unknown) => void }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      link: e.isActive('link'),
    }),
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const [embedOpen, setEmbedOpen] = useState(false);
  const chain = () => editor.chain().focus();
  const tool = (key: string, label: string, run: () => void, active?: boolean) => (
    <Tooltip title={label} key={key}>
      <Button
        size="small"
        type={active ? 'primary' : 'text'}
        aria-pressed={active ?? undefined}
        onClick={run}
      >
        {label}
      </Button>
    </Tooltip>
  );
  return (
    <>
      <Flex
        role="toolbar"
        aria-label={t('cms.toolbar')}
        wrap
        gap={4}
        style={{ padding: 6, borderBottom: `1px solid ${token.colorBorder}` }}
      >
        {tool('p', t('cms.tool.paragraph'), () => chain().setParagraph().run())}
        {tool('h2', t('cms.tool.h2'), () => chain().toggleHeading({ level: 2 }).run(), state.h2)}
        {tool('h3', t('cms.tool.h3'), () => chain().toggleHeading({ level: 3 }).run(), state.h3)}
        {tool('b', t('cms.tool.bold'), () => chain().toggleBold().run(), state.bold)}
        {tool('i', t('cms.tool.italic'), () => chain().toggleItalic().run(), state.italic)}
        {tool('ul', t('cms.tool.bullet'), () => chain().toggleBulletList().run(), state.bullet)}
        {tool('ol', t('cms.tool.ordered'), () => chain().toggleOrderedList().run(), state.ordered)}
        {tool('a', t('cms.tool.link'), () => setLinkOpen(true), state.link)}
        <Upload
          accept="image/png,image/jpeg,image/webp,image/gif"
          showUploadList={false}
          beforeUpload={(file) => {
            cmsApi
              .upload(file)
              .then((f) => chain().setImage({ src: f.url, alt: f.name }).run())
              .catch(onError);
            return false;
          }}
        >
          <Button size="small" type="text">
            {t('cms.tool.image')}
          </Button>
        </Upload>
        {tool('table', t('cms.tool.table'), () =>
          chain()
            .insertContent(newTable(t('cms.table.header')))
            .run(),
        )}
        {tool('embed', t('cms.tool.embed'), () => setEmbedOpen(true))}
        {tool('undo', t('cms.tool.undo'), () => chain().undo().run())}
        {tool('redo', t('cms.tool.redo'), () => chain().redo().run())}
      </Flex>
      <LinkDialog
        open={linkOpen}
        initial={(editor.getAttributes('link').href as string | undefined) ?? ''}
        onClose={() => setLinkOpen(false)}
        onDone={(href) => {
          setLinkOpen(false);
          if (href) chain().extendMarkRange('link').setLink({ href }).run();
          else chain().extendMarkRange('link').unsetLink().run();
        }}
      />
      <EmbedDialog
        open={embedOpen}
        onClose={() => setEmbedOpen(false)}
        onDone={(attrs) => {
          setEmbedOpen(false);
          chain().insertContent({ type: 'dataEmbed', attrs }).run();
        }}
      />
    </>
  );
}

function LinkDialog({
  open,
  initial,
  onClose,
  onDone,
}: {
  open: boolean;
  initial: string;
  onClose: () => void;
  onDone: (href: string) => void;
}) {
  const { t } = useI18n();
  const [href, setHref] = useState(initial);
  useEffect(() => {
    if (open) setHref(initial);
  }, [open, initial]);
  return (
    <Modal
      open={open}
      title={t('cms.tool.link')}
      onCancel={onClose}
      onOk={() => onDone(href.trim())}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('cms.link.url')} htmlFor="cms-link-url">
          <Input id="cms-link-url" value={href} onChange={(e) => setHref(e.target.value)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function EmbedDialog({
  open,
  onClose,
  onDone,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (a: EmbedAttrs) => void;
}) {
  const { t } = useI18n();
  const [a, setA] = useState<EmbedAttrs>({ kind: 'chart', dataset: '', selection: '', caption: '' });
  const valid =
    /^[a-z][a-z0-9-]{1,63}$/.test(a.dataset) && /^[A-Za-z0-9_.,;=()*:-]{0,500}$/.test(a.selection);
  return (
    <Modal
      open={open}
      title={t('cms.embed.title')}
      onCancel={onClose}
      okButtonProps={{ disabled: !valid }}
      onOk={() => onDone(a)}
      destroyOnHidden
    >
      <Form layout="vertical">
        <Form.Item label={t('cms.embed.kind')}>
          <Radio.Group
            aria-label={t('cms.embed.kind')}
            value={a.kind}
            onChange={(e) => setA({ ...a, kind: e.target.value })}
            options={[
              { value: 'chart', label: t('cms.embed.kind.chart') },
              { value: 'table', label: t('cms.embed.kind.table') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('cms.embed.dataset')} htmlFor="cms-embed-dataset">
          <Input
            id="cms-embed-dataset"
            value={a.dataset}
            onChange={(e) => setA({ ...a, dataset: e.target.value.trim() })}
          />
        </Form.Item>
        <Form.Item
          label={t('cms.embed.selection')}
          htmlFor="cms-embed-selection"
          extra={t('cms.embed.selection.hint')}
        >
          <Input
            id="cms-embed-selection"
            value={a.selection}
            onChange={(e) => setA({ ...a, selection: e.target.value.trim() })}
          />
        </Form.Item>
        <Form.Item label={t('cms.embed.caption')} htmlFor="cms-embed-caption">
          <Input
            id="cms-embed-caption"
            value={a.caption}
            onChange={(e) => setA({ ...a, caption: e.target.value })}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
