import { describe, expect, it } from 'vitest';
import { sanitizeBody } from './sanitize.ts';

const FILE = '/files/0f8fad5b-d9cb-469f-a165-70867728950e/chart.png';

describe('sanitizeBody', () => {
  it.each([
    ['<p onclick="x()">文<script>alert(1)</script></p>', '<p>文</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#x09;ascript:alert(1)">x</a>', '<a>x</a>'],
    ['<iframe src="https://evil.example"></iframe>', ''],
    ['<p style="color:expression(alert(1))">s</p>', '<p>s</p>'],
    ['<svg onload="alert(1)"><script>alert(1)</script></svg>', ''],
    ['<img src="https://evil.example/a.png">', ''],
    ['<img src="data:image/png;base64,AAAA">', ''],
    ['<img src="//evil.example/a.png">', ''],
    ['<img src="/files/../../etc/passwd">', ''],
    ['<math><mtext><style><img src=x onerror=alert(1)></style></mtext></math>', ''],
  ])('drops what could run: %s', (input, expected) => {
    expect(sanitizeBody(input).html).toBe(expected);
  });

  it('keeps structure, our images and well-formed embeds, and names the files used', () => {
    const html =
      `<h2>一、综合</h2><p><strong>增长</strong> <a href="/site/data">数据</a></p><img src="${FILE}" alt="图">` +
      '<table><caption>表1</caption><thead><tr><th scope="col">指标</th></tr></thead><tbody><tr><td colspan="2">1</td></tr></tbody></table>' +
      '<figure data-embed="table" data-dataset="gdp-quarterly" data-selection="indicator=gdp;period=top(4)"><figcaption>图</figcaption></figure>';
    const out = sanitizeBody(html);
    expect(out.html).toBe(html.replace('alt="图">', 'alt="图" />'));
    expect(out.fileIds).toEqual(['0f8fad5b-d9cb-469f-a165-70867728950e']);
  });

  it('turns a malformed embed into a plain figure and marks external links', () => {
    expect(
      sanitizeBody('<figure data-embed="map" data-dataset="x"><figcaption>c</figcaption></figure>').html,
    ).toBe('<figure><figcaption>c</figcaption></figure>');
    expect(
      sanitizeBody('<figure data-embed="chart" data-dataset="Bad Code" data-selection="a"></figure>').html,
    ).toBe('<figure></figure>');
    expect(sanitizeBody('<a href="https://www.stats.gov.cn/">国家统计局</a>').html).toBe(
      '<a href="https://www.stats.gov.cn/" rel="noopener noreferrer">国家统计局</a>',
    );
  });
});
