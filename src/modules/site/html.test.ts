import { describe, expect, it } from 'vitest';
import { decodeEntities, html, htmlToText, jsonIsland, trustedHtml } from './html.ts';

describe('the HTML template', () => {
  it('escapes every interpolated value, in content and attributes', () => {
    const title = `<script>alert("x")</script> & 'y'`;
    expect(html`<p title="${title}">${title}</p>`.toString()).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;</p>',
    );
  });

  it('joins arrays, nests templates unescaped, renders null/false/undefined as nothing', () => {
    const items = ['a<b', 'c'];
    expect(
      html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${null}${false}${undefined}${0}`.toString(),
    ).toBe('<ul><li>a&lt;b</li><li>c</li></ul>0');
    expect(html`<div>${trustedHtml('<b>ok</b>')}</div>`.toString()).toBe('<div><b>ok</b></div>');
  });

  it('writes JSON data islands that cannot close their script element', () => {
    const island = jsonIsland('d', { t: '</script><script>alert(1)</script>&' }).toString();
    expect(island).not.toContain('</script><script>');
    expect(island.match(/<\/script>/g)).toHaveLength(1);
    const json = island.slice(island.indexOf('>') + 1, island.lastIndexOf('</script>'));
    expect(JSON.parse(json).t).toBe('</script><script>alert(1)</script>&');
  });

  it('turns HTML into plain text for the index', () => {
    expect(htmlToText('<p>社会&amp;消费</p><script>x()</script><b>品&#38;&#x4e00;</b>')).toBe(
      '社会&消费 品&一',
    );
    expect(decodeEntities('&lt;&nbsp;&bogus;&#0;')).toBe('< &bogus;&#0;');
  });
});
